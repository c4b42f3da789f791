package com.cspmarket.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as Compose itself resolves it ({@code docker-compose config}, Debian's docker-compose, installed
 * by system-tests/ensure-tools; no Docker engine needed): valid, and with {@code CSP_INSTANCES=3} three replicas of
 * every service, none publishing a host port (replicas could not share it), the gateway balancing over the replicas'
 * addresses, and PostgreSQL with connections for them.
 */
class ComposeFileIT {

    static final List<String> SERVICES = List.of("catalog-service", "order-service", "subscription-service",
            "billing-service");

    static JsonNode resolved(Map<String, String> environment) throws IOException, InterruptedException {
        Path root = TestSystem.root();
        ProcessBuilder compose = new ProcessBuilder("docker-compose", "config").directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        compose.environment().putAll(environment);
        Process process = compose.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper(new YAMLFactory()).readTree(output);
    }

    @Test
    void everyServiceRunsAsManyReplicasAsAskedBehindTheGateway() throws Exception {
        JsonNode three = resolved(Map.of("CSP_INSTANCES", "3"));
        JsonNode services = three.path("services");
        for (String service : SERVICES) {
            assertThat(services.path(service).path("deploy").path("replicas").asInt()).as(service).isEqualTo(3);
            assertThat(services.path(service).has("ports")).as(service + " publishes no host port").isFalse();
        }
        JsonNode gateway = services.path("api-gateway");
        assertThat(gateway.path("environment").path("GATEWAY_RESOLVE_ADDRESSES").asText()).isEqualTo("true");
        assertThat(gateway.path("environment").path("CATALOG_URL").asText()).isEqualTo("http://catalog-service:8081");
        assertThat(gateway.path("ports").toString()).contains("8080");
        assertThat(services.path("postgres").path("command").toString()).contains("max_connections=400");

        JsonNode one = resolved(Map.of());
        for (String service : SERVICES) {
            assertThat(one.path("services").path(service).path("deploy").path("replicas").asInt()).as(service).isEqualTo(1);
        }
    }
}
