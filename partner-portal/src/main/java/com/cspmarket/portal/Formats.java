package com.cspmarket.portal;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** How the pages write instants: UTC, to the second, readable ({@code ${@fmt.when(x)}}, {@code ${@fmt.day(x)}}). */
@Component("fmt")
public class Formats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public String when(Object value) {
        Instant instant = instant(value);
        return instant == null ? (value == null ? "" : value.toString()) : WHEN.format(instant);
    }

    public String day(Object value) {
        Instant instant = instant(value);
        return instant == null ? (value == null ? "" : value.toString()) : DAY.format(instant);
    }

    /** A fact's value: instants written as {@link #when}, everything else as it is. */
    public String value(Object value) {
        if (value instanceof java.util.Map<?, ?> money && money.get("amount") != null) {
            return money.get("amount") + (money.get("currency") != null ? " " + money.get("currency") : "");
        }
        return instant(value) != null ? when(value) : String.valueOf(value);
    }

    private static Instant instant(Object value) {
        if (value instanceof String text && text.length() >= 20 && text.endsWith("Z") && text.charAt(10) == 'T') {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
