package com.cspmarket.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property that a service's ahead-of-time processed context fixed at build time would be ignored by it: a stack given
 * one starts the services without that context, so that the property takes effect.
 */
class BuildTimePropertiesTest {

    @Test
    void aBuildTimePropertyStartsTheServiceWithoutItsAotContext() {
        assertThat(LocalStack.withoutAotWhenBuildTime(List.of("-Xmx384m"), Map.of("axon.timeout.enabled", "true")))
                .containsExactly("-Xmx384m", "-Dspring.aot.enabled=false");
        assertThat(LocalStack.withoutAotWhenBuildTime(List.of(), Map.of("management.endpoints.web.exposure.include", "*")))
                .containsExactly("-Dspring.aot.enabled=false");
    }

    @Test
    void runTimePropertiesAndAnExplicitChoiceAreLeftAlone() {
        assertThat(LocalStack.withoutAotWhenBuildTime(List.of("-Xmx384m"), Map.of("platform.admin.enabled", "true",
                "management.otlp.tracing.export.enabled", "true", "catalog.seed.demo", "true")))
                .containsExactly("-Xmx384m");
        assertThat(LocalStack.withoutAotWhenBuildTime(List.of("-Dspring.aot.enabled=true"),
                Map.of("management.tracing.enabled", "false"))).containsExactly("-Dspring.aot.enabled=true");
    }
}
