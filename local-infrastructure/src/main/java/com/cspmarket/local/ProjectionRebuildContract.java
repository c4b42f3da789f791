package com.cspmarket.local;

import org.springframework.beans.factory.annotation.Value;

import java.util.List;

/**
 * The rebuild check every service runs (a test class of its integration tests implements this on its Spring Boot
 * test base): after some history of every kind its projections read, each of the service's projections (every
 * tracking processor but the Kafka publisher) is rebuilt by replay and its read model compared with the live one,
 * table by table ({@link RebuildCheck}).
 */
public interface ProjectionRebuildContract {

    /** Records events of every kind the service's projections handle (through its API or Kafka). */
    void recordHistory();

    /** The projections the service must have (so a broken listing cannot pass by rebuilding nothing). */
    List<String> expectedProjections();

    @RepeatableTest
    default void everyProjectionRebuiltByReplayEqualsTheLiveOne(@Value("${local.server.port}") int port) {
        recordHistory();
        List<String> projections = RebuildCheck.projections(port);
        if (!projections.containsAll(expectedProjections())) {
            throw new AssertionError("projections " + projections + " lack some of " + expectedProjections());
        }
        for (String projection : projections) {
            RebuildCheck.assertRebuildReproduces(port, projection);
        }
    }
}
