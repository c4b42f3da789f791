package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack.Service;
import com.cspmarket.local.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static com.cspmarket.system.FaultToleranceIT.created;
import static com.cspmarket.system.FaultToleranceIT.retried;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of every service behind the gateway, under load: while partners check out, one instance of each
 * service in turn (order, subscription, billing, catalog) is killed (SIGKILL) with requests in flight and started
 * again; at the month's close the instance of billing that runs the period close, and at the term end an instance of
 * subscription, are killed too. The gateway passes requests over to the surviving instance, the survivor takes up the
 * dead one's share of event processing and its scheduled ticks. Afterwards: no accepted order lost or doubled, one
 * subscription per order, one NEW charge per subscription, one invoice (issued once) equal to the reference, one
 * renewal per subscription and one RENEW charge each; and both instances share the work again.
 */
class ScaleOutIT {

    static final int INSTANCES = 2;
    static final int CLIENTS = 4;
    static final int CHECKOUTS_PER_CLIENT = 15;
    static final BigDecimal PRICE = new BigDecimal("12.50");
    static final int SEATS = 2;

    @RegisterExtension
    static final TestSystem system = TestSystem.scaledOut(INSTANCES);

    static String url(Service service, String path) {
        return system.url(service, path);
    }

    static long started;

    static void phase(String what) {
        System.out.printf("scale-out: %6.1f s %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    /** Kills the instance (SIGKILL) and returns it, to be started again. */
    static ServiceProcess kill(Service service, int instance) {
        ServiceProcess process = system.stack().instances(service).get(instance);
        process.stop(true);
        return process;
    }

    static void restart(ServiceProcess process) {
        process.start();
        process.awaitHealthy(Duration.ofMinutes(3));
    }

    @Test
    void noOrderChargeRenewalOrInvoiceIsLostOrDoubledWhenOneInstanceOfEachServiceIsKilledMidLoad() throws Exception {
        started = System.nanoTime();
        int retriesBefore = FaultToleranceIT.RETRIES.get();
        assertThat(system.stack().instances(Service.ORDER)).hasSize(INSTANCES);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String partner = "partner-scale-" + suffix;
        String agent = system.stack().tokens().partnerUser(partner, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        String billing = system.stack().tokens().partnerUser(partner, DevTokens.BILLING_ADMIN);
        String operator = system.stack().tokens().operator();
        YearMonth period = system.pinMidNextMonth();
        String offerId = "scale.offer-" + suffix;
        created("offer", operator, url(Service.CATALOG, "/v1/offers"),
                TestSystem.monthlyOffer(offerId, "Scaled Suite", 100, period.atDay(10)), "offer-" + suffix, 201);
        List<String> customers = SteppedCheckouts.customers(system, agent, 6, suffix);
        // both order-service instances must know the offer (each answers some of the checkouts)
        for (String customer : customers) {
            await().atMost(Duration.ofMinutes(1)).until(() -> Http.get(agent, url(Service.ORDER, "/v1/customers/"
                    + customer + "/eligibility?offerId=" + offerId + "&skuId=std")).body().path("eligible").asBoolean());
        }
        phase("offer and customers ready; load starts");

        String line = "{\"lineItems\":[{\"catalogItemId\":\"" + offerId + ":std:US\",\"quantity\":" + SEATS + "}]}";
        SteppedCheckouts load = new SteppedCheckouts(system, agent, customers, line, CLIENTS, CHECKOUTS_PER_CLIENT, suffix);
        int total = CLIENTS * CHECKOUTS_PER_CLIENT;
        int step = total / 5;
        load.release(step);
        await().atMost(Duration.ofMinutes(3)).until(() -> load.done() >= step);
        int steps = 1;
        for (Service service : List.of(Service.ORDER, Service.SUBSCRIPTION, Service.BILLING, Service.CATALOG)) {
            load.release(step);
            ServiceProcess killed = kill(service, steps % INSTANCES); // with this step's requests in flight
            phase(killed.name() + " killed");
            int reached = ++steps * step;
            await().atMost(Duration.ofMinutes(3)).until(() -> load.done() >= reached);
            restart(killed);
            phase(killed.name() + " up again");
        }
        Map<String, String> acceptedOrders = load.awaitAll();
        load.close();
        phase("every checkout accepted; " + (FaultToleranceIT.RETRIES.get() - retriesBefore)
                + " requests met a killed instance and were sent again");
        assertThat(acceptedOrders).hasSize(total);

        // every accepted order completed with exactly one subscription
        for (Map.Entry<String, String> order : acceptedOrders.entrySet()) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() ->
                    assertThat(Http.get(agent, url(Service.ORDER, "/v1/customers/" + order.getValue() + "/orders/"
                            + order.getKey())).body().path("status").asText()).isEqualTo("completed"));
        }
        Map<String, String> subscriptionOfOrder = new HashMap<>();
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
            subscriptionOfOrder.clear();
            int subscriptions = 0;
            for (String customer : customers) {
                JsonNode items = Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customer + "/subscriptions"))
                        .body().path("items");
                subscriptions += items.size();
                items.forEach(s -> subscriptionOfOrder.put(s.path("orderId").asText(), s.path("id").asText()));
            }
            assertThat(subscriptions).isEqualTo(total);
            assertThat(subscriptionOfOrder.keySet()).isEqualTo(acceptedOrders.keySet());
        });
        phase("every order completed with one subscription");

        // activated and charged once each
        for (Map.Entry<String, String> order : acceptedOrders.entrySet()) {
            String link = Http.get(agent, url(Service.ORDER, "/v1/customers/" + order.getValue() + "/orders/"
                    + order.getKey() + "/lineitems/0/activationlinks")).body().path("items").get(0).path("link")
                    .path("uri").asText();
            retried("activation", () -> Http.post(link, ""), 204);
        }
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            List<JsonNode> lines = BillingReads.allUnbilled(system, billing, null);
            assertThat(lines).hasSize(total);
            assertThat(lines).allSatisfy(l -> assertThat(l.path("chargeType").asText()).isEqualTo("new"));
            assertThat(lines.stream().map(l -> l.path("subscriptionId").asText()).distinct()).hasSize(total);
        });
        phase("every subscription activated and charged once");

        // the month's close and release, with the billing instance running the close killed right after the move
        system.moveAllClocks(now -> period.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());
        ServiceProcess closer = kill(Service.BILLING, 0);
        phase(closer.name() + " killed at the month's close");
        BigDecimal reference = PRICE.multiply(BigDecimal.valueOf((long) SEATS * total));
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonNode invoices = Http.get(billing, url(Service.BILLING, "/v1/invoices")).body();
            assertThat(invoices.path("totalCount").asInt()).isEqualTo(1);
            assertThat(invoices.path("items").get(0).path("totalCharges").decimalValue()).isEqualByComparingTo(reference);
        });
        restart(closer);
        JsonNode invoicing = Http.get(operator, url(Service.BILLING, "/admin/audit/invoicing-" + partner)).body();
        assertThat(types(invoicing).stream().filter("InvoiceIssued"::equals)).hasSize(1);
        assertThat(types(invoicing).stream().filter("InvoiceReleased"::equals)).hasSize(1);
        phase("one invoice, issued and released once, equal to the reference");

        // the term end: every subscription renews once, charged once
        Instant termEnd = Instant.parse(Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customers.get(0)
                + "/subscriptions")).body().path("items").get(0).path("commitmentEndDate").asText());
        system.moveAllClocks(now -> termEnd.plus(Duration.ofHours(1)));
        ServiceProcess renewer = kill(Service.SUBSCRIPTION, 1);
        phase(renewer.name() + " killed at the term end");
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            List<JsonNode> lines = BillingReads.allUnbilled(system, billing, null);
            assertThat(lines).hasSize(total);
            assertThat(lines).allSatisfy(l -> assertThat(l.path("chargeType").asText()).isEqualTo("renew"));
            assertThat(lines.stream().map(l -> l.path("subscriptionId").asText()).distinct()).hasSize(total);
        });
        restart(renewer);
        for (String subscription : subscriptionOfOrder.values()) {
            JsonNode audit = Http.get(operator, url(Service.SUBSCRIPTION, "/admin/audit/" + subscription)).body();
            assertThat(types(audit).stream().filter("SubscriptionRenewed"::equals)).as(subscription).hasSize(1);
        }
        phase("every subscription renewed once, charged once");

        // both instances take part in the event processing again
        for (Service service : List.of(Service.SUBSCRIPTION, Service.BILLING)) {
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                Set<String> owners = new HashSet<>();
                for (JsonNode processor : Http.get(operator, url(service, "/admin/projections")).body()) {
                    processor.path("segments").forEach(s -> owners.add(s.path("owner").asText()));
                }
                assertThat(owners).as(service + " segment owners").hasSize(INSTANCES);
            });
        }
        phase("both instances of every service share the processing again");
    }

    static List<String> types(JsonNode audit) {
        List<String> types = new ArrayList<>();
        audit.path("items").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }
}
