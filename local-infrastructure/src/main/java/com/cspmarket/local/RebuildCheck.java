package com.cspmarket.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The operator's rebuild check as a test step, on a running service: wait until the projection has read every
 * event, fingerprint its read model, rebuild it by replay, wait until the replay has read every event, fingerprint
 * again. When no event was recorded meanwhile the two fingerprints must be equal; when one was (a Kafka consumer or
 * scheduler of the service still at work), the check starts over, up to five times.
 */
public final class RebuildCheck {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private RebuildCheck() {
    }

    /** The service's projections: its tracking processors but the Kafka publisher (which never replays). */
    public static List<String> projections(int port) {
        List<String> names = new ArrayList<>();
        call("GET", "http://localhost:" + port + "/admin/projections")
                .forEach(processor -> names.add(processor.path("name").asText()));
        names.remove("integration-publisher");
        return names;
    }

    /**
     * Fingerprint, rebuild, fingerprint: the read model must be the same, and must not be empty (nothing compared
     * proves nothing). @return the fingerprint
     */
    public static JsonNode assertRebuildReproduces(int port, String processor) {
        String base = "http://localhost:" + port + "/admin/projections/" + processor;
        for (int attempt = 1; attempt <= 5; attempt++) {
            long head = awaitCaughtUp(base);
            JsonNode before = call("GET", base + "/fingerprint");
            if (call("GET", base).path("head").asLong() != head) {
                continue; // an event arrived while the fingerprint was taken
            }
            call("POST", base + "/rebuild");
            long headAfter = awaitCaughtUp(base);
            JsonNode after = call("GET", base + "/fingerprint");
            if (headAfter != head || call("GET", base).path("head").asLong() != head) {
                continue; // new events: the live model moved on, compare again from a quiet point
            }
            boolean empty = true;
            for (JsonNode table : before.path("tables")) {
                empty &= table.path("rows").asLong() == 0;
            }
            if (empty) {
                throw new AssertionError(processor + " has an empty read model: record some history first: " + before);
            }
            if (!after.equals(before)) {
                throw new AssertionError("rebuilding " + processor + " by replay changed its read model:\nbefore "
                        + before + "\nafter  " + after);
            }
            return after;
        }
        throw new AssertionError("events kept arriving: no quiet moment to compare " + processor + " before and after a rebuild");
    }

    /** Waits until the processor runs and has handled the newest event in the store; returns that event's position. */
    private static long awaitCaughtUp(String base) {
        long[] head = new long[1];
        await(base + " caught up").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode status = call("GET", base);
            head[0] = status.path("head").asLong();
            return status.path("running").asBoolean() && status.path("position").asLong() >= head[0];
        });
        return head[0];
    }

    private static JsonNode call(String method, String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + DevTokens.forTests().operator())
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
