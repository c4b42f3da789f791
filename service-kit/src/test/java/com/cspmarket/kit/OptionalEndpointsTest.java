package com.cspmarket.kit;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.net.URI;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The operator's and the clock's endpoints are switched by their properties when the service starts, not by bean
 * conditions (which an ahead-of-time processed context decides at build time).
 */
class OptionalEndpointsTest {

    @Test
    void switchedOffTheyAnswerAsPathsThatDoNotExistHoweverThePathIsWritten() throws Exception {
        MockMvc mvc = mvc(new MockEnvironment());

        for (String path : new String[]{"/admin/clock", "/%61dmin/clock", "/admin/cl%6Fck", "/admin/audit/c-1",
                "/admin/%61udit/c-1"}) {
            mvc.perform(get(URI.create(path))).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
    }

    @Test
    void eachPropertySwitchesItsOwnEndpoints() throws Exception {
        MockMvc clockOnly = mvc(new MockEnvironment().withProperty("platform.clock.movable", "true"));
        clockOnly.perform(get("/admin/clock")).andExpect(status().isOk());
        // the encoded path reaches the controller as well: what the switched-off case above must stop
        clockOnly.perform(get(URI.create("/%61dmin/clock"))).andExpect(status().isOk());
        clockOnly.perform(get("/admin/audit/c-1")).andExpect(status().isNotFound());

        MockMvc adminOnly = mvc(new MockEnvironment().withProperty("platform.admin.enabled", "true"));
        adminOnly.perform(get("/admin/clock")).andExpect(status().isNotFound());
        // switched on, the audit controller answers for itself: an aggregate it does not know
        adminOnly.perform(get("/admin/audit/c-1")).andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("c-1")));
    }

    @Test
    void theOpenApiDocumentListsOnlyWhatIsSwitchedOnWithTheSchemasItStillUses() {
        OpenAPI document = document();
        new OptionalEndpoints(new MockEnvironment().withProperty("platform.admin.enabled", "true")).customise(document);
        assertThat(document.getPaths()).containsOnlyKeys("/v1/offers", "/admin/projections", "/admin/projections/{name}/rebuild");
        // the clock's own schema goes; an offer's stays, and so does the price an offer refers to
        assertThat(document.getComponents().getSchemas()).containsOnlyKeys("Offer", "Price", "ProcessorStatus");

        OpenAPI everything = document();
        new OptionalEndpoints(new MockEnvironment().withProperty("platform.admin.enabled", "true")
                .withProperty("platform.clock.movable", "true")).customise(everything);
        assertThat(everything.getPaths()).hasSize(4);
        assertThat(everything.getComponents().getSchemas()).hasSize(5);
    }

    /** The clock and audit controllers behind the switches of {@code environment}. */
    private static MockMvc mvc(MockEnvironment environment) {
        MovableClock clock = new MovableClock(Clock.systemUTC());
        // a store that is never used here (its own switch off: it reads nothing at construction)
        BusinessClockStore store = new BusinessClockStore(new JdbcTemplate(), clock, new MockEnvironment());
        org.axonframework.eventsourcing.eventstore.EventStore events =
                org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder()
                        .storageEngine(new org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine())
                        .build();
        return MockMvcBuilders.standaloneSetup(new ClockController(clock, store), new AuditController(events))
                .addInterceptors(new OptionalEndpoints(environment))
                .setControllerAdvice(new ProblemHandler())
                .build();
    }

    /** Paths whose responses refer to schemas; Offer refers to Price; Unused is referred to by nothing already. */
    private static OpenAPI document() {
        Paths paths = new Paths()
                .addPathItem("/v1/offers", returning("Offer"))
                .addPathItem("/admin/clock", returning("ClockState"))
                .addPathItem("/admin/projections", returning("ProcessorStatus"))
                .addPathItem("/admin/projections/{name}/rebuild", returning("ProcessorStatus"));
        Components components = new Components()
                .addSchemas("Offer", new ObjectSchema().addProperty("price", new Schema<>().$ref("#/components/schemas/Price")))
                .addSchemas("Price", new ObjectSchema())
                .addSchemas("ClockState", new ObjectSchema())
                .addSchemas("ProcessorStatus", new ObjectSchema())
                .addSchemas("Unused", new ObjectSchema());
        return new OpenAPI().paths(paths).components(components);
    }

    private static PathItem returning(String schema) {
        return new PathItem().get(new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema)))))));
    }
}
