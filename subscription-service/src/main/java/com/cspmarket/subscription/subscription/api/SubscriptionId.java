package com.cspmarket.subscription.subscription.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** A subscription's id: a UUID, derived from its order line so that a redelivered order creates nothing twice. */
public record SubscriptionId(@JsonValue String value) {

    @JsonCreator
    public SubscriptionId {
        Objects.requireNonNull(value, "subscription id");
        UUID.fromString(value);
    }

    public static SubscriptionId forOrderLine(String orderId, int lineNumber) {
        return new SubscriptionId(UUID.nameUUIDFromBytes(("order-line:" + orderId + ":" + lineNumber)
                .getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
