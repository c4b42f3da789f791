package com.cspmarket.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The short way gives the text and the instants {@code JavaTimeModule} gives, and leaves it every other form. */
class IsoInstantsTest {

    static final ObjectMapper JAVA_TIME = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    static final ObjectMapper ISO = JsonMapper.builder().addModule(new JavaTimeModule()).addModule(new IsoInstants())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    record Stamped(Instant at, List<Instant> more) {
    }

    record Formatted(@JsonFormat(pattern = "yyyy-MM-dd HH:mm:ss", timezone = "UTC") Instant at) {
    }

    /** Instants of every kind: whole seconds, milli, micro and nano fractions, the ends of the years it writes. */
    static List<Instant> instants() {
        Random random = new Random(20261204);
        List<Instant> all = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("2026-12-04T20:50:31.394600420Z"),
                Instant.parse("2026-12-04T20:50:31.100Z"), Instant.ofEpochSecond(-62_167_219_201L),
                Instant.ofEpochSecond(253_402_300_800L), Instant.MIN, Instant.MAX));
        long lowest = Instant.parse("-0200-01-01T00:00:00Z").getEpochSecond();
        long highest = Instant.parse("+10200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            long second = lowest + (long) (random.nextDouble() * (highest - lowest));
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            all.add(Instant.ofEpochSecond(second, nano));
        }
        return all;
    }

    @Test
    void writesTheTextJavaTimeModuleWrites() throws Exception {
        for (Instant instant : instants()) {
            assertThat(ISO.writeValueAsString(instant)).as("%s", instant)
                    .isEqualTo(JAVA_TIME.writeValueAsString(instant))
                    .isEqualTo('"' + DateTimeFormatter.ISO_INSTANT.format(instant) + '"');
        }
    }

    @Test
    void readsTheInstantsJavaTimeModuleReads() throws Exception {
        for (Instant instant : instants()) {
            String json = JAVA_TIME.writeValueAsString(instant);
            assertThat(ISO.readValue(json, Instant.class)).as(json).isEqualTo(instant);
        }
    }

    @Test
    void theShortWayTakesOnlyTheUsualText() {
        assertThat(IsoInstants.parse("2026-12-04T20:50:31.394600420Z")).isEqualTo(Instant.parse("2026-12-04T20:50:31.394600420Z"));
        assertThat(IsoInstants.parse("2026-12-04T20:50:31.3Z")).isEqualTo(Instant.parse("2026-12-04T20:50:31.300Z"));
        assertThat(IsoInstants.parse("2026-12-04T20:50:31Z")).isEqualTo(Instant.parse("2026-12-04T20:50:31Z"));
        for (String other : List.of("2026-12-04T20:50:31+01:00", "2026-12-04t20:50:31z", "2026-12-04T20:50:60Z",
                "2026-12-04T24:00:00Z", "2026-02-30T10:00:00Z", "2026-12-04T20:50:31.Z", "2026-12-04T20:50:31.1234567890Z",
                "+12026-12-04T20:50:31Z", "2026-12-04 20:50:31Z", "2026-1a-04T20:50:31Z", "2026-12-04T20:50:31.12a4Z", "")) {
            assertThat(IsoInstants.parse(other)).as(other).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-12-04T20:50:31+01:00\"", "\"2026-12-04t20:50:31.5z\"", "\"2026-12-04T23:59:60Z\"",
            "\"+12026-12-04T20:50:31Z\"", "1796417476", "1796417476.123456789", "\"1796417476\"", "\"  2026-12-04T20:50:31Z \"",
            "\"2026-02-30T10:00:00Z\"", "\"tomorrow\"", "null", "\"\"", "true", "[1]"})
    void leavesEveryOtherFormToJavaTimeModule(String json) throws Exception {
        Throwable expected = catchThrowable(() -> JAVA_TIME.readValue(json, Instant.class));
        if (expected == null) {
            assertThat(ISO.readValue(json, Instant.class)).isEqualTo(JAVA_TIME.readValue(json, Instant.class));
        } else {
            assertThatThrownBy(() -> ISO.readValue(json, Instant.class)).isInstanceOf(expected.getClass())
                    .hasMessage(expected.getMessage());
        }
    }

    @Test
    void propertiesTakeTheShortWayUnlessFormattedAndSettingsStillApply() throws Exception {
        Stamped stamped = new Stamped(Instant.parse("2026-12-04T20:50:31.394600420Z"),
                List.of(Instant.parse("2027-01-04T00:00:00Z")));
        String json = ISO.writeValueAsString(stamped);
        assertThat(json).isEqualTo(JAVA_TIME.writeValueAsString(stamped));
        assertThat(ISO.readValue(json, Stamped.class)).isEqualTo(stamped);
        assertThat(propertyReader(Stamped.class, "at")).isInstanceOf(IsoInstants.Reader.class);
        // a property's serializer is made for the property (createContextual), and it must stay the short way's
        assertThat(propertyWriter(Stamped.class, "at")).isInstanceOf(IsoInstants.Writer.class);

        Formatted formatted = new Formatted(Instant.parse("2026-12-04T20:50:31Z"));
        assertThat(ISO.writeValueAsString(formatted)).isEqualTo(JAVA_TIME.writeValueAsString(formatted));
        assertThat(ISO.writeValueAsString(formatted)).isEqualTo("{\"at\":\"2026-12-04 20:50:31\"}");
        assertThat(ISO.readValue("{\"at\":\"2026-12-04 20:50:31\"}", Formatted.class)).isEqualTo(formatted);
        assertThat(propertyReader(Formatted.class, "at")).isNotInstanceOf(IsoInstants.Reader.class);
        assertThat(ISO.copy().enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID).writeValueAsString(stamped))
                .isEqualTo(JAVA_TIME.copy().enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID).writeValueAsString(stamped));

        ObjectMapper timestamps = ISO.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        assertThat(timestamps.writeValueAsString(stamped)).isEqualTo(JAVA_TIME.copy()
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(stamped));
    }

    private static Object propertyWriter(Class<?> type, String property) throws Exception {
        var provider = ((com.fasterxml.jackson.databind.ser.DefaultSerializerProvider) ISO.getSerializerProvider())
                .createInstance(ISO.getSerializationConfig(), ISO.getSerializerFactory());
        var bean = (com.fasterxml.jackson.databind.ser.std.BeanSerializerBase) provider.findValueSerializer(type);
        var properties = bean.properties();
        while (properties.hasNext()) {
            var writer = (com.fasterxml.jackson.databind.ser.BeanPropertyWriter) properties.next();
            if (writer.getName().equals(property)) {
                return writer.getSerializer();
            }
        }
        throw new IllegalArgumentException(type + " has no property " + property);
    }

    private static Object propertyReader(Class<?> type, String property) throws Exception {
        JavaType javaType = ISO.constructType(type);
        var context = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) ISO.getDeserializationContext())
                .createInstance(ISO.getDeserializationConfig(), null, null);
        BeanDeserializerBase bean = (BeanDeserializerBase) context.findRootValueDeserializer(javaType);
        return bean.findProperty(property).getValueDeserializer();
    }
}
