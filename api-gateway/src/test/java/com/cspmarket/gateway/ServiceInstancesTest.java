package com.cspmarket.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceInstancesTest {

    static final URI A = URI.create("http://localhost:8081");
    static final URI B = URI.create("http://localhost:8181");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static GatewayProperties properties(List<URI> catalog, boolean resolve) {
        List<URI> other = List.of(URI.create("http://localhost:9999"));
        return new GatewayProperties(Map.of("catalog", catalog, "order", other, "subscription", other, "billing", other),
                500, DataSize.ofMegabytes(1), Duration.ofSeconds(30), resolve);
    }

    final TestClock clock = new TestClock();

    @Test
    void requestsGoToTheInstancesInTurn() {
        ServiceInstances instances = new ServiceInstances(properties(List.of(A, B), false), clock, host -> List.of());

        List<URI> first = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(instances.order("catalog").get(0));
        }

        assertThat(first).containsExactly(A, B, A, B);
    }

    @Test
    void anInstanceThatRefusedIsTriedLastForFiveSeconds() {
        ServiceInstances instances = new ServiceInstances(properties(List.of(A, B), false), clock, host -> List.of());
        instances.refused(A);

        assertThat(instances.order("catalog")).containsExactly(B, A);
        assertThat(instances.order("catalog")).containsExactly(B, A);
        clock.now = clock.now.plusSeconds(ServiceInstances.DOWN_SECONDS);
        assertThat(instances.order("catalog")).containsExactly(A, B); // in turn again
        assertThat(instances.order("catalog")).containsExactly(B, A);
    }

    @Test
    void withAddressResolutionEveryReplicaBehindANameIsAnInstanceAndNewOnesAreFoundWithinSeconds() throws Exception {
        List<InetAddress> replicas = new ArrayList<>(List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.2")));
        List<String> asked = new ArrayList<>();
        ServiceInstances instances = new ServiceInstances(properties(List.of(URI.create("http://catalog-service:8081")), true),
                clock, host -> {
                    asked.add(host);
                    return List.copyOf(replicas);
                });

        assertThat(instances.instances("catalog"))
                .containsExactly(URI.create("http://10.0.0.1:8081"), URI.create("http://10.0.0.2:8081"));
        replicas.add(InetAddress.getByName("10.0.0.3"));
        assertThat(instances.instances("catalog")).hasSize(2); // resolved a moment ago
        clock.now = clock.now.plusSeconds(ServiceInstances.RESOLVE_SECONDS);
        assertThat(instances.instances("catalog")).hasSize(3).contains(URI.create("http://10.0.0.3:8081"));
        assertThat(asked).containsOnly("catalog-service").hasSize(2);
    }
}
