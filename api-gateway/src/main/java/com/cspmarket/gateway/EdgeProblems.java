package com.cspmarket.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's own errors, as RFC 9457 problem+json with Partner Center's {@code code} (a stable number) and
 * {@code description}, like the services' errors.
 */
final class EdgeProblems {

    static final String TYPE_BASE = "https://cspmarket.example/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The gateway's problem codes: numbers in the 9xxxx range, which the services do not use. */
    enum Problem {
        UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", 90401),
        FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", 90403),
        NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", 90404),
        METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", 90405),
        TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large", 90413),
        UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", 90415),
        TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", 90429),
        BAD_GATEWAY(HttpStatus.BAD_GATEWAY, "bad-gateway", 90502),
        SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", 90503),
        GATEWAY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", 90504);

        final HttpStatus status;
        final String type;
        final int code;

        Problem(HttpStatus status, String type, int code) {
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }

    private EdgeProblems() {
    }

    static Map<String, Object> body(Problem problem, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + problem.type);
        body.put("title", problem.status.getReasonPhrase());
        body.put("status", problem.status.value());
        body.put("detail", detail);
        body.put("code", String.valueOf(problem.code));
        body.put("description", detail);
        return body;
    }

    static void write(HttpServletResponse response, Problem problem, String detail) throws IOException {
        response.setStatus(problem.status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body(problem, detail)));
    }

    static ServerResponse response(Problem problem, String detail) {
        return ServerResponse.status(problem.status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body(problem, detail));
    }
}
