package com.cspmarket.kit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.servlet.HandlerMapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenant guard answers another partner's resource as not found, and remembers owners it was told (ownership never
 * changes here), but not ids nobody knew yet.
 */
class TenantGuardTest {

    private final Map<String, String> customers = new ConcurrentHashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final TenantOwnership ownership = (variable, value) -> {
        if (!"customerId".equals(variable)) {
            return Optional.empty();
        }
        asked.add(value);
        return Optional.ofNullable(customers.get(value));
    };

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anOwnerIsAskedOnceAndRememberedForEveryLaterRequest() {
        TenantGuard guard = new TenantGuard(List.of(ownership), 100);
        customers.put("c-1", "partner-a");
        signIn("partner-a");

        assertThat(guard.preHandle(request("c-1"), new MockHttpServletResponse(), null)).isTrue();
        assertThat(guard.preHandle(request("c-1"), new MockHttpServletResponse(), null)).isTrue();
        assertThat(asked).containsExactly("c-1");

        signIn("partner-b");
        assertThatThrownBy(() -> guard.preHandle(request("c-1"), new MockHttpServletResponse(), null))
                .as("another partner's customer, known from the cache, is not found for partner-b")
                .isInstanceOfSatisfying(BusinessException.class, e -> assertThat(e.getMessage()).contains("c-1"));
        assertThat(asked).containsExactly("c-1");
    }

    @Test
    void anIdNobodyKnewIsAskedAgainOnceItExists() {
        TenantGuard guard = new TenantGuard(List.of(ownership), 100);
        signIn("partner-b");

        assertThat(guard.preHandle(request("c-2"), new MockHttpServletResponse(), null))
                .as("unknown: the handler answers (404 or an empty list)").isTrue();
        customers.put("c-2", "partner-a");
        assertThatThrownBy(() -> guard.preHandle(request("c-2"), new MockHttpServletResponse(), null))
                .isInstanceOf(BusinessException.class);
        assertThat(asked).containsExactly("c-2", "c-2");
    }

    @Test
    void withNoneRememberedEveryRequestAsks() {
        TenantGuard guard = new TenantGuard(List.of(ownership), 0);
        customers.put("c-3", "partner-a");
        signIn("partner-a");

        guard.preHandle(request("c-3"), new MockHttpServletResponse(), null);
        guard.preHandle(request("c-3"), new MockHttpServletResponse(), null);

        assertThat(asked).containsExactly("c-3", "c-3");
    }

    private static MockHttpServletRequest request(String customerId) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/customers/" + customerId + "/carts");
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("customerId", customerId));
        return request;
    }

    private static void signIn(String partnerId) {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("user-of-" + partnerId)
                .claim("partnerId", partnerId).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
        SecurityContextHolder.getContext().setAuthentication(
                new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("ROLE_" + Roles.SALES_AGENT))));
    }
}
