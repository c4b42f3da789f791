package com.cspmarket.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Instants written and read as {@code JavaTimeModule} does (text such as {@code 2026-12-04T20:50:31.394600420Z}, as
 * {@code DateTimeFormatter.ISO_INSTANT} writes it: UTC, seconds always, the fraction in groups of three digits, as
 * many as it needs), but without {@code java.time}'s formatter, which took a quarter of the subscription projection's
 * Java time on a replay: its events and rows hold five to eight instants each (JFR, BENCHMARKS.md). Only that form,
 * years 0 to 9999, takes the short way; anything else (an offset, lower case, a leap second, numbers, a
 * {@code @JsonFormat}, dates written as timestamps) is left to {@code JavaTimeModule}'s serializer and deserializer,
 * so the text and the instants are the same either way. Register it after {@code JavaTimeModule}.
 */
public final class IsoInstants extends SimpleModule {

    public IsoInstants() {
        super("IsoInstants");
        addSerializer(Instant.class, new Writer());
        addDeserializer(Instant.class, new Reader(InstantDeserializer.INSTANT));
    }

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in seconds since the epoch. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;

    /** The text {@code DateTimeFormatter.ISO_INSTANT} gives ({@link Instant#toString()}), without the formatter where it can. */
    public static String text(Instant instant) {
        String text = format(instant);
        return text != null ? text : instant.toString();
    }

    /** The text {@code DateTimeFormatter.ISO_INSTANT} gives, or null for a year it writes with a sign or five digits. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) { // before LocalDate, which cannot hold Instant.MIN's day
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int year = date.getYear();
        int ofDay = (int) Math.floorMod(seconds, 86_400);
        int nano = instant.getNano();
        int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (digits == 0 ? 0 : digits + 1)];
        put(text, 0, year, 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, ofDay / 3600, 2);
        text[13] = ':';
        put(text, 14, ofDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, ofDay % 60, 2);
        if (digits > 0) {
            text[19] = '.';
            put(text, 20, nano / POWERS[9 - digits], digits);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for any other text. */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nano = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = length - 21;
            nano = digits(text, 20, fraction);
            if (nano < 0) {
                return null;
            }
            nano *= POWERS[9 - fraction];
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nano);
        } catch (DateTimeException e) { // a day the month doesn't have: the formatter's error says which
            return null;
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};

    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The number the {@code width} decimal digits at {@code at} spell, or -1 if one isn't an ASCII digit. */
    private static int digits(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * {@code JavaTimeModule}'s serializer, but the usual text written directly. A bean's property gets a copy of it
     * made for the property ({@code createContextual} calls {@link #withFormat} whenever the property's format differs
     * in any way from the serializer's, which it does for a plain property too: shape ANY against none), so the copies
     * are Writers as well; one with a pattern ({@code @JsonFormat}) or dates as timestamps goes {@code JavaTimeModule}'s
     * way.
     */
    static final class Writer extends InstantSerializer {

        Writer() {
        }

        private Writer(Writer base, Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
            super(base, useTimestamp, formatter, shape);
        }

        private Writer(Writer base, Boolean useTimestamp, Boolean useNanoseconds, DateTimeFormatter formatter) {
            super(base, useTimestamp, useNanoseconds, formatter);
        }

        @Override
        protected InstantSerializer withFormat(Boolean useTimestamp, DateTimeFormatter formatter, JsonFormat.Shape shape) {
            return new Writer(this, useTimestamp, formatter, shape);
        }

        @Override
        protected InstantSerializer withFeatures(Boolean writeZoneId, Boolean writeNanoseconds) {
            return new Writer(this, _useTimestamp, writeNanoseconds, _formatter);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            String text = _formatter != null || useTimestamp(provider) ? null : format(value);
            if (text == null) {
                super.serialize(value, generator, provider);
            } else {
                generator.writeString(text);
            }
        }
    }

    /** {@code JavaTimeModule}'s deserializer for anything but the usual text. */
    static final class Reader extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

        private final JsonDeserializer<Instant> other;

        Reader(JsonDeserializer<Instant> other) {
            super(Instant.class);
            this.other = other;
        }

        /** A property with a {@code @JsonFormat} of its own gets {@code JavaTimeModule}'s deserializer alone. */
        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = other instanceof ContextualDeserializer c
                    ? c.createContextual(context, property) : other;
            return contextual == other ? this : contextual;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = parse(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return other.deserialize(parser, context);
        }
    }
}
