package com.cspmarket.kit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Settings every platform application shares (the services and the gateway), from {@code platform-defaults.properties}
 * in the kit, below everything else: a service's application.yml, environment variables and system properties override
 * them. Defaults that depend on the machine are computed here: {@value #LISTENER_CONCURRENCY}, the consumer threads per
 * listener of an instance, is half the CPUs, at least one.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "platform-defaults.properties";
    static final String LISTENER_CONCURRENCY = "platform.kafka.listener-concurrency";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("platformDefaults",
                    new ClassPathResource(RESOURCE, PlatformDefaults.class.getClassLoader())));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        environment.getPropertySources().addLast(new MapPropertySource("platformMachineDefaults",
                Map.of(LISTENER_CONCURRENCY, listenerConcurrency(Runtime.getRuntime().availableProcessors()))));
    }

    /**
     * A listener's consumer threads on a machine with {@code cpus} CPUs: half of them, at least one. More threads than
     * cores to run them share the records, so each poll brings fewer and every record is a transaction of its own
     * (BENCHMARKS.md); the topics' partitions still let further instances share the work.
     */
    static int listenerConcurrency(int cpus) {
        return Math.max(1, cpus / 2);
    }
}
