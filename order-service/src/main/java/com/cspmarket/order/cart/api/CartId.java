package com.cspmarket.order.cart.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** A cart of a customer. */
public record CartId(@JsonValue String value) {
    /** Compiled once: String.matches compiles its pattern on every call, i.e. for every id made. */
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @JsonCreator
    public CartId {
        Objects.requireNonNull(value, "CartId");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid id: '" + value + "'");
        }
    }

    public static CartId random() {
        return new CartId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
