package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack.Service;
import com.fasterxml.jackson.databind.JsonNode;
import com.cspmarket.local.RepeatableTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults under load, the four services as separate JVMs: while partners check out, subscription-service is killed
 * (SIGKILL) and restarted, PostgreSQL (every service's event store) is stopped and started again, the Kafka broker
 * is stopped and started again, and order-service is killed and restarted; each fault meets requests in flight (the
 * clients' checkouts are handed out in steps, one step while each fault is in force). Clients send MS-RequestId on
 * every creating request and retry what failed with the same id, as Partner Center's clients do. Afterwards no
 * accepted order is lost or doubled, every one became exactly one subscription, and the partner's invoice equals the
 * reference: orders x seats x price.
 */
class FaultToleranceIT {

    static final int CLIENTS = 4;
    static final int CHECKOUTS_PER_CLIENT = 30;
    static final BigDecimal PRICE = new BigDecimal("12.50");
    static final int SEATS = 3;

    /** Requests that met a fault (refused connection, 5xx) and were sent again. */
    static final AtomicInteger RETRIES = new AtomicInteger();

    @RegisterExtension
    static final TestSystem system = TestSystem.shared();

    static String url(Service service, String path) {
        return system.url(service, path);
    }

    /**
     * Sends until the service answers {@code expected}: a refused connection (a killed service) or a 5xx (its
     * database restarting) is a fault to ride out; a 4xx ends the retries and fails.
     */
    static JsonNode retried(String what, java.util.function.Supplier<Http.Response> call, int expected) {
        AtomicReference<Http.Response> last = new AtomicReference<>();
        await(what).atMost(Duration.ofMinutes(4)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(300)).until(() -> {
            try {
                last.set(call.get());
            } catch (IllegalStateException unreachable) {
                RETRIES.incrementAndGet();
                return false;
            }
            int status = last.get().status();
            boolean settled = status == expected || (status >= 400 && status < 500);
            if (!settled) {
                RETRIES.incrementAndGet();
            }
            return settled;
        });
        assertThat(last.get().status()).as(what + ": " + last.get().body()).isEqualTo(expected);
        return last.get().body();
    }

    /** A creating request retried until answered, with its {@code MS-RequestId} on every attempt. */
    static JsonNode created(String what, String token, String url, String json, String requestId, int expected) {
        return retried(what, () -> Http.post(token, url, json, Map.of("MS-RequestId", requestId)), expected);
    }

    static long started;

    /** Hands out a step of checkouts while something is down, and waits until at least one of them met the outage. */
    static void whileDown(SteppedCheckouts load, int step, String what) {
        int before = RETRIES.get();
        load.release(step);
        await(what + " down: a request meets it").atMost(Duration.ofMinutes(1)).until(() -> RETRIES.get() > before);
    }

    /** Prints how long the run has taken so far, so a slow phase shows in the build log. */
    static void phase(String what) {
        System.out.printf("faults: %6.1f s %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    @RepeatableTest
    void noAcceptedOrderIsLostOrDoubledWhenServicesAreKilledAndPostgresAndKafkaRestartMidLoad() throws Exception {
        started = System.nanoTime();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String partner = "partner-faults-" + suffix;
        String agent = system.stack().tokens().partnerUser(partner, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        String billing = system.stack().tokens().partnerUser(partner, DevTokens.BILLING_ADMIN);
        String operator = system.stack().tokens().operator();
        // business time: the 10th of the next month, every service's clock alike, so that no month ends mid-test
        YearMonth period = system.pinMidNextMonth();
        String offerId = "faults.offer-" + suffix;
        created("offer", operator, url(Service.CATALOG, "/v1/offers"),
                TestSystem.monthlyOffer(offerId, "Fault Tolerant Suite", 100, period.atDay(10)), "offer-" + suffix, 201);
        List<String> customers = SteppedCheckouts.customers(system, agent, 8, suffix);
        await().atMost(Duration.ofMinutes(1)).until(() -> Http.get(agent, url(Service.ORDER, "/v1/customers/"
                + customers.get(0) + "/eligibility?offerId=" + offerId + "&skuId=std")).body().path("eligible").asBoolean());
        phase("offer and customers ready; load starts");

        // the load: every cart and every checkout is retried with its MS-RequestId until it is accepted. The clients
        // check out in steps the test hands out (a permit per checkout), so that every fault meets requests in flight:
        // a step's checkouts are released while the fault is in force.
        String line = "{\"lineItems\":[{\"catalogItemId\":\"" + offerId + ":std:US\",\"quantity\":" + SEATS + "}]}";
        SteppedCheckouts load = new SteppedCheckouts(system, agent, customers, line, CLIENTS, CHECKOUTS_PER_CLIENT, suffix);
        int total = CLIENTS * CHECKOUTS_PER_CLIENT;
        int step = total / 5;
        load.release(step);
        await().atMost(Duration.ofMinutes(3)).until(() -> load.done() >= step);
        phase("subscription-service killed");
        system.stack().service(Service.SUBSCRIPTION).stop(true);
        load.release(step); // orders are accepted while subscription-service is down; fulfilled when it is back
        await().atMost(Duration.ofMinutes(3)).until(() -> load.done() >= 2 * step);
        system.stack().service(Service.SUBSCRIPTION).start();
        system.stack().service(Service.SUBSCRIPTION).awaitHealthy(Duration.ofMinutes(3));
        phase("subscription-service up again; PostgreSQL restarting");
        system.stack().restartPostgres(() -> whileDown(load, step, "PostgreSQL"));
        await().atMost(Duration.ofMinutes(4)).until(() -> load.done() >= 3 * step);
        phase("Kafka restarting");
        system.stack().restartKafka(() -> {
            load.release(step); // accepted, published once the broker is back
            await().atMost(Duration.ofMinutes(2)).until(() -> load.done() >= 4 * step);
        });
        phase("order-service killed");
        system.stack().service(Service.ORDER).stop(true);
        whileDown(load, step, "order-service");
        system.stack().service(Service.ORDER).start();
        system.stack().service(Service.SUBSCRIPTION).awaitHealthy(Duration.ofMinutes(3));
        system.stack().service(Service.ORDER).awaitHealthy(Duration.ofMinutes(3));
        phase("order-service up again");
        Map<String, String> acceptedOrders = load.awaitAll();
        load.close();
        phase("every checkout accepted");
        System.out.printf("faults: %d checkouts accepted, %d requests sent again after a fault%n", acceptedOrders.size(),
                RETRIES.get());
        assertThat(RETRIES.get()).as("requests that met a fault and were sent again").isPositive();
        assertThat(acceptedOrders).hasSize(total);

        // every accepted order completed with exactly one subscription; nothing placed twice
        for (Map.Entry<String, String> order : acceptedOrders.entrySet()) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
                JsonNode placed = Http.get(agent, url(Service.ORDER, "/v1/customers/" + order.getValue() + "/orders/" + order.getKey())).body();
                assertThat(placed.path("status").asText()).isEqualTo("completed");
                assertThat(Http.get(agent, url(Service.ORDER, "/v1/customers/" + order.getValue() + "/orders/"
                        + order.getKey() + "/lineitems/0/activationlinks")).body().path("items").get(0).path("link")
                        .path("uri").asText()).startsWith("http");
            });
        }
        // subscription-service's read model is a processor of its own, which may still be catching up after the faults
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
            Set<String> subscriptionOrders = new java.util.HashSet<>();
            int subscriptions = 0;
            for (String customer : customers) {
                JsonNode items = Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customer + "/subscriptions"))
                        .body().path("items");
                subscriptions += items.size();
                items.forEach(s -> subscriptionOrders.add(s.path("orderId").asText()));
            }
            assertThat(subscriptions).isEqualTo(total);
            assertThat(subscriptionOrders).isEqualTo(acceptedOrders.keySet());
        });
        List<String> links = new ArrayList<>();
        for (Map.Entry<String, String> order : acceptedOrders.entrySet()) {
            links.add(Http.get(agent, url(Service.ORDER, "/v1/customers/" + order.getValue() + "/orders/" + order.getKey()
                    + "/lineitems/0/activationlinks")).body().path("items").get(0).path("link").path("uri").asText());
        }

        phase("every order completed with one subscription");
        // activated, billed and invoiced: exactly the reference
        for (String link : links) {
            retried("activation", () -> Http.post(link, ""), 204);
        }
        BigDecimal reference = PRICE.multiply(BigDecimal.valueOf((long) SEATS * total));
        // the unbilled lines (this month's and any earlier month's), every page: links.next followed with its
        // MS-ContinuationToken
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
                BillingReads.allUnbilled(system, billing, null)).hasSize(total));
        phase("every subscription activated and charged");
        system.moveAllClocks(now -> period.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonNode invoices = Http.get(billing, url(Service.BILLING, "/v1/invoices")).body();
            assertThat(invoices.path("totalCount").asInt()).isEqualTo(1);
            assertThat(invoices.path("items").get(0).path("totalCharges").decimalValue()).isEqualByComparingTo(reference);
            // one line per order on the invoice's line items resource, every page
            assertThat(BillingReads.invoiceLines(system, billing, invoices.path("items").get(0).path("id").asText()))
                    .hasSize(total);
        });
        phase("invoice released, equal to the reference");
    }
}
