package com.cspmarket.order.orders.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** An order placed by checking out a cart. */
public record OrderId(@JsonValue String value) {
    /** Compiled once: String.matches compiles its pattern on every call, i.e. for every id made. */
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @JsonCreator
    public OrderId {
        Objects.requireNonNull(value, "OrderId");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid id: '" + value + "'");
        }
    }

    public static OrderId random() {
        return new OrderId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
