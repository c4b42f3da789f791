package com.cspmarket.catalog.offer.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/** A marketplace offer's id, e.g. {@code contoso.crm-suite}: lower-case letters, digits, '.', '-' and '_'. */
public record OfferId(@JsonValue String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    @JsonCreator
    public OfferId {
        Objects.requireNonNull(value, "offer id");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not an offer id: '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
