package com.cspmarket.order.cart.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** A cart of a customer. */
public record CartId(@JsonValue String value) {

    @JsonCreator
    public CartId {
        Objects.requireNonNull(value, "CartId");
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
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
