package com.cspmarket.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one business clock (demo and test only: the services' {@code platform.clock.movable}): {@code GET /admin/clock}
 * reads every service's clock, {@code PUT /admin/clock} moves all of them, every instance, to the same instant (each refuses to go
 * back; each keeps the move across a restart). A service that cannot be moved is named in a 502/503 problem; the
 * others have moved (moving is idempotent: send the same PUT again once the service is back).
 */
@RestController
@RequestMapping("/admin/clock")
class BusinessClockFanOut {

    record MoveClock(@NotNull Instant now) {
    }

    record ClockState(Instant now, Map<String, Instant> services) {
    }

    record ServiceClock(Instant now) {
    }

    private final GatewayProperties properties;
    private final RestClient http;

    BusinessClockFanOut(GatewayProperties properties) {
        this.properties = properties;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory();
        factory.setReadTimeout(properties.clockTimeout());
        this.http = RestClient.builder().requestFactory(factory).build();
    }

    @GetMapping
    ResponseEntity<?> read(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        Map<String, Instant> clocks = new LinkedHashMap<>();
        for (String name : properties.services().keySet()) {
            try {
                clocks.put(name, eachInstance(name, instance -> http.get().uri(instance.resolve("/admin/clock"))
                        .header(HttpHeaders.AUTHORIZATION, authorization)
                        .retrieve().body(ServiceClock.class).now()));
            } catch (RestClientException e) {
                return failed(name, e);
            }
        }
        Instant latest = clocks.values().stream().max(Instant::compareTo).orElseThrow();
        return ResponseEntity.ok(new ClockState(latest, clocks));
    }

    @PutMapping
    ResponseEntity<?> move(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
                           @Valid @RequestBody MoveClock request) {
        Map<String, Instant> clocks = new LinkedHashMap<>();
        for (String name : properties.services().keySet()) {
            try {
                java.util.concurrent.atomic.AtomicBoolean moved = new java.util.concurrent.atomic.AtomicBoolean();
                clocks.put(name, eachInstance(name, instance -> {
                    try {
                        Instant now = http.put().uri(instance.resolve("/admin/clock"))
                                .header(HttpHeaders.AUTHORIZATION, authorization)
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(Map.of("now", request.now().toString()))
                                .retrieve().body(ServiceClock.class).now();
                        moved.set(true);
                        return now;
                    } catch (RestClientResponseException refused) {
                        // once one instance of the service moved, the others follow the move it stored (within a
                        // second) and may have passed the target already: that instance refuses to go "back", but it
                        // is where it should be
                        Instant now = moved.get() ? clock(instance, authorization) : null;
                        if (now != null && !now.isBefore(request.now())) {
                            return now;
                        }
                        throw refused;
                    }
                }));
            } catch (RestClientResponseException refused) {
                // the service's own answer (e.g. 400: the clock cannot go back), passed on as it is
                return ResponseEntity.status(refused.getStatusCode()).headers(h -> h.setContentType(
                                MediaType.APPLICATION_PROBLEM_JSON))
                        .body(refused.getResponseBodyAsString());
            } catch (RestClientException e) {
                return failed(name, e);
            }
        }
        return ResponseEntity.ok(new ClockState(request.now(), clocks));
    }

    private Instant clock(java.net.URI instance, String authorization) {
        return http.get().uri(instance.resolve("/admin/clock")).header(HttpHeaders.AUTHORIZATION, authorization)
                .retrieve().body(ServiceClock.class).now();
    }

    /**
     * Asks every instance of the service and answers the latest clock. An instance that refuses the connection (down)
     * is passed over when another answered: the move is stored in the service's database, and an instance that starts
     * or is up again takes it from there (each instance re-reads it every second). When none answers, the service's
     * failure is the answer.
     */
    private Instant eachInstance(String service, java.util.function.Function<java.net.URI, Instant> call) {
        Instant latest = null;
        RestClientException refusal = null;
        for (java.net.URI instance : properties.instances(service)) {
            try {
                Instant now = call.apply(instance);
                latest = latest == null || now.isAfter(latest) ? now : latest;
            } catch (RestClientException e) {
                if (e instanceof RestClientResponseException || !ServiceInstances.refusedConnection(e)) {
                    throw e;
                }
                refusal = e;
            }
        }
        if (latest == null) {
            throw refusal;
        }
        return latest;
    }

    private static ResponseEntity<?> failed(String service, RestClientException e) {
        EdgeProblems.Problem problem = e instanceof RestClientResponseException
                ? EdgeProblems.Problem.BAD_GATEWAY : EdgeProblems.Problem.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(problem.status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(EdgeProblems.body(problem, "The clock of the " + service + " service could not be reached: "
                        + e.getMessage()));
    }
}
