package com.cspmarket.kit;

import org.springframework.http.HttpStatus;

/**
 * A request the business rules refuse. {@code code} is stable and becomes the problem type
 * ({@code https://cspmarket.example/problems/<code>}); the message is for people.
 */
public class BusinessException extends RuntimeException {

    private final String code;
    private final HttpStatus status;

    public BusinessException(String code, HttpStatus status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    /** Extra members of the problem document (e.g. per-line errors). */
    public java.util.Map<String, Object> properties() {
        return java.util.Map.of();
    }

    public static BusinessException notFound(String what, String id) {
        String code = what.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-not-found";
        return new BusinessException(code, HttpStatus.NOT_FOUND, "No " + what + " with id '" + id + "'");
    }
}
