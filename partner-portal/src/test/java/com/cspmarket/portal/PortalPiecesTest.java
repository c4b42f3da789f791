package com.cspmarket.portal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PortalPiecesTest {

    @Test
    void aPriceHistoryIsAStepChartWithOnePointPerPriceAndItsTableInTheLabel() {
        String svg = PriceChart.svg(List.of(
                Map.of("effectiveFrom", "2027-01-10", "unitPrice", new BigDecimal("12.50"), "currency", "USD"),
                Map.of("effectiveFrom", "2027-01-22", "unitPrice", new BigDecimal("13.75"), "currency", "USD")));
        assertThat(svg).startsWith("<svg").contains("role=\"img\"")
                .contains("2027-01-10 12.50", "2027-01-22 13.75") // the label reads the history to a screen reader
                .contains("<title>2027-01-22: 13.75 USD</title>");
        assertThat(svg.split("<circle", -1)).hasSize(3);
        assertThat(PriceChart.svg(List.of())).isNull();
    }

    @Test
    void aChartEscapesWhatItWrites() {
        String svg = PriceChart.svg(List.of(
                Map.of("effectiveFrom", "2027-01-10", "unitPrice", "1.00", "currency", "<b>")));
        assertThat(svg).doesNotContain("<b>").contains("&lt;b&gt;");
    }

    @Test
    void jsonObjectsReadAMissingMemberAsNullAndKeepMoneyExact() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        JsonObject read = json.readValue("{\"price\":12.50,\"platform\":{\"unitPrice\":0.10},\"items\":[{\"a\":1}]}",
                JsonObject.class);
        assertThat(read.containsKey("absent")).isTrue(); // a template reads ${x.absent} as null, not an error
        assertThat(read.get("absent")).isNull();
        assertThat(read.get("price")).isEqualTo(new BigDecimal("12.50"));
        assertThat(read.get("platform")).isInstanceOf(JsonObject.class);
        assertThat(((Map<?, ?>) read.get("platform")).get("unitPrice").toString()).isEqualTo("0.10");
        assertThat(((List<?>) read.get("items")).get(0)).isInstanceOf(JsonObject.class);
    }

    @Test
    void instantsAreWrittenInUtcToTheSecondAndMoneyWithItsCurrency() {
        Formats fmt = new Formats();
        assertThat(fmt.when("2027-01-10T09:00:42.465280103Z")).isEqualTo("2027-01-10 09:00:42 UTC");
        assertThat(fmt.day("2027-01-10T23:59:59Z")).isEqualTo("2027-01-10");
        assertThat(fmt.value(Map.of("amount", new BigDecimal("11.00"), "currency", "EUR"))).isEqualTo("11.00 EUR");
        assertThat(fmt.value("FULL")).isEqualTo("FULL");
        assertThat(fmt.when(null)).isEmpty();
    }

    @Test
    void whatAUserSeesFollowsTheirRoles() {
        assertThat(new Me("a", "partner-x", List.of("SalesAgent")).isPartner()).isTrue();
        assertThat(new Me("a", "partner-x", List.of("SalesAgent")).isBilling()).isFalse();
        assertThat(new Me("b", "partner-x", List.of("BillingAdmin")).home()).isEqualTo("/billing");
        assertThat(new Me("o", null, List.of("PlatformOperator")).home()).isEqualTo("/operator");
        assertThat(new Me("o", null, List.of("PlatformOperator")).isPartner()).isFalse();
    }
}
