package com.cspmarket.order.customer.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** A partner's customer (the customer tenant in Partner Center). */
public record CustomerId(@JsonValue String value) {

    @JsonCreator
    public CustomerId {
        Objects.requireNonNull(value, "CustomerId");
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
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
