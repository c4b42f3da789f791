package com.cspmarket.kit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit's defaults, under everything the application sets. */
class PlatformDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> application) {
        StandardEnvironment environment = new StandardEnvironment();
        // where application.yml's values stand: above the defaults
        environment.getPropertySources().addFirst(new MapPropertySource("application", application));
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void theDefaultsApplyWhereTheApplicationSetsNothing() {
        StandardEnvironment environment = environment(Map.of("spring.kafka.listener.ack-time", "5s"));
        assertThat(environment.getProperty("spring.kafka.listener.ack-mode")).isEqualTo("time");
        assertThat(environment.getProperty("spring.kafka.listener.ack-time")).isEqualTo("5s");
        assertThat(environment.getProperty("spring.kafka.properties.enable.metrics.push")).isEqualTo("false");
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    }

    @Test
    void aListenerRunsHalfAsManyConsumerThreadsAsTheMachineHasCpusAndAtLeastOne() {
        assertThat(PlatformDefaults.listenerConcurrency(1)).isEqualTo(1);
        assertThat(PlatformDefaults.listenerConcurrency(2)).isEqualTo(1);
        assertThat(PlatformDefaults.listenerConcurrency(8)).isEqualTo(4);
        assertThat(environment(Map.of()).getProperty("platform.kafka.listener-concurrency", Integer.class))
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(environment(Map.of("platform.kafka.listener-concurrency", "3"))
                .getProperty("platform.kafka.listener-concurrency")).isEqualTo("3");
    }
}
