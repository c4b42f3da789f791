package com.cspmarket.portal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error answer of the API (problem+json), to show next to the field or on the page it concerns, as the API worded
 * it: the page never invents its own message for a refusal.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;

    public ApiProblem(int status, Map<String, Object> body) {
        super(describe(status, body));
        this.status = status;
        this.body = body == null ? Map.of() : body;
    }

    private static String describe(int status, Map<String, Object> body) {
        if (body == null) {
            return "The platform answered " + status;
        }
        Object detail = body.get("detail");
        Object title = body.get("title");
        return Objects.toString(detail != null ? detail : title, "The platform answered " + status);
    }

    public int status() {
        return status;
    }

    /** The problem's type name (the last segment of its type URI), e.g. {@code quantity-out-of-range}. */
    public String type() {
        String type = Objects.toString(body.get("type"), "");
        return type.substring(type.lastIndexOf('/') + 1);
    }

    public String title() {
        return Objects.toString(body.get("title"), "Refused");
    }

    public String detail() {
        return getMessage();
    }

    /** The message for one request field, when the API named it ({@code errors[].field}), else null. */
    public String fieldMessage(String field) {
        if (body.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                if (error instanceof Map<?, ?> map && field.equals(map.get("field"))) {
                    return Objects.toString(map.get("message"), null);
                }
            }
        }
        return null;
    }

    public Map<String, Object> body() {
        return body;
    }
}
