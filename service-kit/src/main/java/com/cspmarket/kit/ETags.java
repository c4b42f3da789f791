package com.cspmarket.kit;

import org.springframework.http.HttpStatus;

/** ETags are the aggregate version ({@code "7"}); If-Match carries the version a client last read. */
public final class ETags {

    private ETags() {
    }

    /** @return the expected version, or null when the client sent no If-Match (no check) */
    public static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BusinessException("invalid-if-match", HttpStatus.BAD_REQUEST,
                    "If-Match must be an ETag returned by this API, e.g. \"3\"");
        }
    }
}
