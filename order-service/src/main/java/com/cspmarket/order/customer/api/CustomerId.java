package com.cspmarket.order.customer.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** A partner's customer (the customer tenant in Partner Center). */
public record CustomerId(@JsonValue String value) {
    /** Compiled once: String.matches compiles its pattern on every call, i.e. for every id made. */
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @JsonCreator
    public CustomerId {
        Objects.requireNonNull(value, "CustomerId");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid id: '" + value + "'");
        }
    }

    public static CustomerId random() {
        return new CustomerId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
