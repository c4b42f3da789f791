package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack.Service;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from a checkout at the gateway to its purchase recorded in billing, across the gateway, HTTP, the event
 * stores and Kafka (headers on produce and consume), as exported over OTLP; and the first charge, caused by the
 * customer's activation (its own trace), linked to the checkout's trace. The caller starts each trace itself (its
 * {@code traceparent}), so the test knows the trace id before anything happens.
 */
class TracingIT {

    @RegisterExtension
    static final TestSystem system = TestSystem.shared();

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The packaged services start from the application contexts Spring processed ahead of time when they were built
     * (every bean condition decided then): this stack's export of spans, its operator API and its movable clock are
     * properties given at start-up, switched at run time, which this class and every other system test rely on.
     */
    @Test
    void theServicesStartFromTheirContextsProcessedAheadOfTime() throws java.io.IOException {
        for (Service service : Service.values()) {
            for (com.cspmarket.local.ServiceProcess instance : system.stack().instances(service)) {
                assertThat(java.nio.file.Files.readString(instance.log())).as(instance.name())
                        .contains("Starting AOT-processed");
            }
        }
    }

    @Test
    void aCheckoutIsOneTraceFromTheGatewayToBillingAndTheFirstChargeLinksToIt() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String offerId = "traced.offer-" + suffix;
        String partnerId = "partner-" + suffix;
        String agent = system.stack().tokens().partnerUser(partnerId, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        system.pinMidNextMonth();
        assertThat(Http.post(system.operator(), system.url(Service.CATALOG, "/v1/offers"),
                TestSystem.monthlyOffer(offerId, "Traced " + suffix, 10, system.catalogToday())).status()).isEqualTo(201);
        Http.Response customer = Http.post(agent, system.url(Service.ORDER, "/v1/customers"),
                "{\"associatedPartnerId\":\"%s\",\"billingProfile\":{\"companyName\":\"Traced Corp\",\"defaultAddress\":{\"country\":\"US\"}}}"
                        .formatted(partnerId));
        assertThat(customer.status()).isEqualTo(201);
        String customerId = customer.body().path("id").asText();
        Http.Response cart = Http.post(agent, system.url(Service.ORDER, "/v1/customers/" + customerId + "/carts"),
                "{\"lineItems\":[{\"catalogItemId\":\"%s:std:US\",\"quantity\":2}]}".formatted(offerId));
        assertThat(cart.status()).isEqualTo(201);
        String cartId = cart.body().path("id").asText();

        // the checkout, in a trace the caller started (retried while order-service's catalog has not seen the offer)
        String checkoutTrace = hex(16);
        String callerSpan = hex(8);
        AtomicReference<Http.Response> checkout = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            checkout.set(Http.post(agent, system.url(Service.ORDER, "/v1/customers/" + customerId + "/carts/" + cartId
                    + "/checkout"), "", Map.of("traceparent", "00-" + checkoutTrace + "-" + callerSpan + "-01")));
            assertThat(checkout.get().status()).as(String.valueOf(checkout.get().body())).isEqualTo(201);
        });
        String orderId = checkout.get().body().path("orders").get(0).path("id").asText();

        // the order's subscription, recorded in billing in the checkout's trace (the audit says so)
        AtomicReference<String> subscriptionId = new AtomicReference<>();
        AtomicReference<String> activationLink = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode line = Http.get(agent, system.url(Service.ORDER, "/v1/customers/" + customerId + "/orders/" + orderId))
                    .body().path("lineItems").get(0);
            assertThat(line.path("subscriptionId").asText()).isNotBlank();
            subscriptionId.set(line.path("subscriptionId").asText());
            activationLink.set(Http.get(agent, system.url(Service.ORDER, "/v1/customers/" + customerId + "/orders/"
                    + orderId + "/lineitems/0/activationlinks")).body().path("items").get(0).path("link").path("uri").asText());
        });
        assertThat(audit(Service.ORDER, orderId).get(0).path("traceId").asText()).isEqualTo(checkoutTrace);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> billing = audit(Service.BILLING, subscriptionId.get());
            assertThat(billing).extracting(entry -> entry.path("type").asText()).contains("PurchaseRecorded");
            assertThat(billing.get(0).path("traceId").asText()).isEqualTo(checkoutTrace);
        });
        assertThat(audit(Service.SUBSCRIPTION, subscriptionId.get()).get(0).path("traceId").asText())
                .isEqualTo(checkoutTrace);

        // the exported spans: one tree under the gateway's span, through order-service, Kafka, subscription-service,
        // Kafka, to billing's projection of the purchase
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<TraceCollector.CollectedSpan> trace = system.traces().trace(checkoutTrace);
            TraceCollector.CollectedSpan recorded = trace.stream()
                    .filter(span -> span.service().equals("billing-service") && span.name().endsWith("PurchaseRecorded"))
                    .findFirst().orElseThrow(() -> new AssertionError("no span of billing's PurchaseRecorded in " + names(trace)));
            List<TraceCollector.CollectedSpan> path = pathToCaller(trace, recorded, callerSpan);
            assertThat(path.get(path.size() - 1).service()).isEqualTo("api-gateway");
            assertThat(path.get(path.size() - 1).kind()).isEqualTo("SPAN_KIND_SERVER");
            assertThat(path).extracting(TraceCollector.CollectedSpan::service).containsSubsequence(
                    "billing-service", "subscription-service", "order-service", "api-gateway");
            // Kafka on both hops: a consumer span under a producer span of the other service
            assertThat(path).extracting(span -> span.service() + " " + span.kind()).containsSubsequence(
                    "billing-service SPAN_KIND_CONSUMER", "subscription-service SPAN_KIND_PRODUCER",
                    "subscription-service SPAN_KIND_CONSUMER", "order-service SPAN_KIND_PRODUCER");
        });

        // the customer activates (its own request, its own trace): the first charge is recorded in that trace and
        // linked to the checkout's
        String activationTrace = hex(16);
        String activationSpan = hex(8);
        assertThat(Http.post(activationLink.get(), "", Map.of("traceparent", "00-" + activationTrace + "-" + activationSpan
                + "-01")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode charge = audit(Service.BILLING, subscriptionId.get()).stream()
                    .filter(entry -> entry.path("type").asText().equals("ChargeRecorded")).findFirst()
                    .orElseThrow(() -> new AssertionError("no charge yet"));
            assertThat(charge.path("traceId").asText()).isEqualTo(activationTrace);
            assertThat(charge.path("linkedTraceIds")).extracting(JsonNode::asText).containsExactly(checkoutTrace);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<TraceCollector.CollectedSpan> trace = system.traces().trace(activationTrace);
            TraceCollector.CollectedSpan charged = trace.stream()
                    .filter(span -> span.service().equals("billing-service") && span.name().endsWith("ChargeRecorded"))
                    .findFirst().orElseThrow(() -> new AssertionError("no span of billing's ChargeRecorded in " + names(trace)));
            assertThat(charged.linkedTraceIds()).containsExactly(checkoutTrace);
            assertThat(pathToCaller(trace, charged, activationSpan)).extracting(TraceCollector.CollectedSpan::service)
                    .containsSubsequence("billing-service", "subscription-service", "api-gateway");
        });
    }

    /** The audit trail of an aggregate of {@code service}, oldest first. */
    private static List<JsonNode> audit(Service service, String aggregateId) {
        Http.Response trail = Http.get(system.operator(), system.url(service, "/admin/audit/" + aggregateId));
        assertThat(trail.status()).as(String.valueOf(trail.body())).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(trail.body().path("items").spliterator(), false).toList();
    }

    /** From {@code span} up its parents to the span whose parent is the caller's; fails where the chain breaks. */
    private static List<TraceCollector.CollectedSpan> pathToCaller(List<TraceCollector.CollectedSpan> trace,
                                                                   TraceCollector.CollectedSpan span, String callerSpan) {
        Map<String, TraceCollector.CollectedSpan> byId = trace.stream()
                .collect(Collectors.toMap(TraceCollector.CollectedSpan::spanId, Function.identity(), (a, b) -> a));
        List<TraceCollector.CollectedSpan> path = new java.util.ArrayList<>(List.of(span));
        TraceCollector.CollectedSpan at = span;
        while (!at.isRoot(callerSpan)) {
            TraceCollector.CollectedSpan child = at;
            at = Optional.ofNullable(byId.get(at.parentSpanId())).orElseThrow(() -> new AssertionError(
                    "the parent of " + child + " is not among " + names(trace)));
            path.add(at);
        }
        return path;
    }

    private static List<String> names(List<TraceCollector.CollectedSpan> trace) {
        return trace.stream().map(span -> span.service() + ":" + span.name() + "(" + span.spanId() + "<-"
                + span.parentSpanId() + ")").toList();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
