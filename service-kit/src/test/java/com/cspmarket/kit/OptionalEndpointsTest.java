package com.cspmarket.kit;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's and the clock's endpoints are switched by their properties when the service starts, not by bean
 * conditions (which an ahead-of-time processed context decides at build time).
 */
class OptionalEndpointsTest {

    @Test
    void switchedOffTheyAnswerAsPathsThatDoNotExist() throws Exception {
        OptionalEndpoints endpoints = new OptionalEndpoints(new MockEnvironment());

        for (String path : new String[]{"/admin/clock", "/admin/projections", "/admin/projections/offer-projection/rebuild",
                "/admin/audit/c-1"}) {
            assertThatThrownBy(() -> endpoints.preHandle(request("POST", path), new MockHttpServletResponse(), this))
                    .isInstanceOf(NoResourceFoundException.class)
                    .satisfies(e -> assertThat(((NoResourceFoundException) e).getStatusCode().value()).isEqualTo(404));
        }
        assertThat(endpoints.preHandle(request("GET", "/admin/clockwork"), new MockHttpServletResponse(), this))
                .as("only the switched paths").isTrue();
        assertThat(endpoints.preHandle(request("GET", "/v1/offers"), new MockHttpServletResponse(), this)).isTrue();
    }

    @Test
    void eachPropertySwitchesItsOwnEndpoints() throws Exception {
        OptionalEndpoints clockOnly = new OptionalEndpoints(new MockEnvironment().withProperty("platform.clock.movable", "true"));

        assertThat(clockOnly.preHandle(request("PUT", "/admin/clock"), new MockHttpServletResponse(), this)).isTrue();
        assertThatThrownBy(() -> clockOnly.preHandle(request("GET", "/admin/projections"), new MockHttpServletResponse(), this))
                .isInstanceOf(NoResourceFoundException.class);

        OptionalEndpoints adminOnly = new OptionalEndpoints(new MockEnvironment().withProperty("platform.admin.enabled", "true"));
        assertThat(adminOnly.preHandle(request("GET", "/admin/audit/c-1"), new MockHttpServletResponse(), this)).isTrue();
        assertThatThrownBy(() -> adminOnly.preHandle(request("GET", "/admin/clock"), new MockHttpServletResponse(), this))
                .isInstanceOf(NoResourceFoundException.class);
    }

    @Test
    void theOpenApiDocumentListsOnlyWhatIsSwitchedOn() {
        OpenAPI document = document();
        new OptionalEndpoints(new MockEnvironment().withProperty("platform.admin.enabled", "true")).customise(document);
        assertThat(document.getPaths()).containsOnlyKeys("/v1/offers", "/admin/projections", "/admin/projections/{name}/rebuild");

        OpenAPI everything = document();
        new OptionalEndpoints(new MockEnvironment().withProperty("platform.admin.enabled", "true")
                .withProperty("platform.clock.movable", "true")).customise(everything);
        assertThat(everything.getPaths()).hasSize(4);
    }

    private static OpenAPI document() {
        Paths paths = new Paths();
        for (String path : new String[]{"/v1/offers", "/admin/clock", "/admin/projections", "/admin/projections/{name}/rebuild"}) {
            paths.addPathItem(path, new PathItem());
        }
        return new OpenAPI().paths(paths);
    }

    private static MockHttpServletRequest request(String method, String path) {
        return new MockHttpServletRequest(method, path);
    }
}
