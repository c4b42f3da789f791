package com.cspmarket.system;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.Topics;
import com.cspmarket.events.billing.InvoiceReleased;
import com.cspmarket.local.DevTokens;
import com.cspmarket.local.partnercenter.PartnerCenterClient;
import com.cspmarket.local.LocalStack.Service;
import com.cspmarket.local.TopicRecorder;
import com.fasterxml.jackson.databind.JsonNode;
import com.cspmarket.local.RepeatableTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end, through the four services as separate JVMs over real Kafka and PostgreSQL:
 * offer in the catalog -> checkout -> SubscriptionPurchased -> charge in the current month -> invoice released
 * on the 8th of the next month (business clock), and not before.
 */
class PurchaseToInvoiceIT {

    @RegisterExtension
    static final TestSystem system = TestSystem.shared();

    static String url(Service service, String path) {
        return system.url(service, path);
    }

    @RepeatableTest
    void anOrderBecomesASubscriptionAChargeAndAnInvoiceReleasedOnTheEighth() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String offerId = "tailspin.flight-ops-" + suffix;
        String partnerId = "partner-" + suffix;
        // the partner's people, with tokens signed by the stack's identity provider
        String agent = system.stack().tokens().partnerUser(partnerId, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        String billing = system.stack().tokens().partnerUser(partnerId, DevTokens.BILLING_ADMIN);
        // business time: the 10th of the next month on every service, so that no month ends between the activation
        // (subscription-service's clock) and the billing period read below (billing-service's clock)
        system.pinMidNextMonth();

        // 1. an offer with one SKU in the catalog
        Http.Response published = Http.post(system.operator(), url(Service.CATALOG, "/v1/offers"), """
                {"offerId":"%s","name":"Tailspin Flight Ops","description":"Fleet scheduling",
                 "publisher":{"publisherId":"tailspin","name":"Tailspin Toys","supportEmail":"help@tailspin.example"},
                 "offerType":"SAAS","offeredToCspPartners":true,"categories":["Operations"],"countries":["US","CA"],
                 "skus":[{"skuId":"fleet","name":"Fleet","term":"P1M","billingCycle":"MONTHLY","minQuantity":1,
                          "maxQuantity":50,"prices":[{"market":"US","unitPrice":"24.95","currency":"USD",
                          "effectiveFrom":"%s"}]}]}
                """.formatted(offerId, system.catalogToday()));
        assertThat(published.status()).isEqualTo(201);

        // 2. a customer of the partner, billed in the US, and a cart
        Http.Response customer = Http.post(agent, url(Service.ORDER, "/v1/customers"),
                "{\"associatedPartnerId\":\"%s\",\"billingProfile\":{\"companyName\":\"Adatum Corp\",\"defaultAddress\":{\"country\":\"US\"}}}".formatted(partnerId));
        assertThat(customer.status()).isEqualTo(201);
        // every resource of the flow reads as Partner Center's (unknown properties fail)
        String customerId = PartnerCenterClient.read(customer.body(), PartnerCenterClient.Customer.class).id();
        Http.Response cart = Http.post(agent, url(Service.ORDER, "/v1/customers/" + customerId + "/carts"),
                "{\"lineItems\":[{\"catalogItemId\":\"%s:fleet:US\",\"quantity\":3}]}".formatted(offerId));
        assertThat(cart.status()).isEqualTo(201);
        String cartId = PartnerCenterClient.read(cart.body(), PartnerCenterClient.Cart.class).id();

        // 3. checkout succeeds once order-service's own catalog read model has the offer (fed over Kafka)
        AtomicReference<Http.Response> checkout = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Http.Response attempt = Http.post(agent, url(Service.ORDER, "/v1/customers/" + customerId + "/carts/" + cartId + "/checkout"), "");
            checkout.set(attempt);
            assertThat(attempt.status()).as(String.valueOf(attempt.body())).isEqualTo(201);
        });
        PartnerCenterClient.read(checkout.get().body(), PartnerCenterClient.CartCheckoutResult.class);
        JsonNode order = checkout.get().body().path("orders").get(0);
        String orderId = order.path("id").asText();
        assertThat(order.path("lineItems").get(0).path("pricing").path("listPrice").decimalValue())
                .isEqualByComparingTo("24.95");

        // a second checkout of the same cart is refused and places nothing
        Http.Response again = Http.post(agent, url(Service.ORDER, "/v1/customers/" + customerId + "/carts/" + cartId + "/checkout"), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");

        // 4. subscription-service records the purchase at the quoted price
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Response subscriptions = Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customerId + "/subscriptions"));
            assertThat(subscriptions.status()).isEqualTo(200);
            assertThat(subscriptions.body().path("totalCount").asInt()).isEqualTo(1);
            PartnerCenterClient.read(subscriptions.body(), PartnerCenterClient.Subscriptions.class);
            JsonNode subscription = subscriptions.body().path("items").get(0);
            assertThat(subscription.path("orderId").asText()).isEqualTo(orderId);
            assertThat(subscription.path("quantity").asInt()).isEqualTo(3);
            assertThat(subscription.path("platform").path("unitPrice").decimalValue()).isEqualByComparingTo("24.95");
            assertThat(subscription.path("status").asText()).isEqualTo("pending");
        });

        // 4b. the order completes: its line carries the subscription and the customer's activation link
        AtomicReference<String> activationLink = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Response placed = Http.get(agent, url(Service.ORDER, "/v1/customers/" + customerId + "/orders/" + orderId));
            assertThat(placed.status()).isEqualTo(200);
            assertThat(placed.body().path("status").asText()).isEqualTo("completed");
            PartnerCenterClient.read(placed.body(), PartnerCenterClient.Order.class);
            JsonNode line = placed.body().path("lineItems").get(0);
            assertThat(line.path("subscriptionId").asText()).isNotBlank();
            assertThat(Http.get(agent, url(Service.ORDER, "/v1/customers/" + customerId + "/orders/" + orderId
                    + "/provisioningstatus")).body().path("items").get(0).path("status").asText()).isEqualTo("fulfilled");
            String uri = Http.get(agent, url(Service.ORDER, "/v1/customers/" + customerId + "/orders/" + orderId
                    + "/lineitems/0/activationlinks")).body().path("items").get(0).path("link").path("uri").asText();
            assertThat(uri).contains("/v1/subscriptions/" + line.path("subscriptionId").asText());
            // the subscription names the same link, as Partner Center's subscription activation links do
            assertThat(Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customerId + "/subscriptions/"
                    + line.path("subscriptionId").asText() + "/activationlinks")).body().path("items").get(0)
                    .path("link").path("uri").asText()).isEqualTo(uri);
            activationLink.set(uri);
        });

        // 4c. nothing is billed until the customer activates; following the link activates (twice changes nothing)
        assertThat(BillingReads.allUnbilled(system, billing, partnerId)).isEmpty();
        String link = activationLink.get(); // on the public base URL: the gateway
        assertThat(link).startsWith(system.stack().gatewayUrl());
        assertThat(Http.post(link, "").status()).isEqualTo(204);
        assertThat(Http.post(link, "").status()).isEqualTo(204);
        assertThat(Http.post(link.replaceFirst("token=.*", "token=forged"), "").status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Http.get(agent, url(Service.SUBSCRIPTION,
                "/v1/customers/" + customerId + "/subscriptions")).body().path("items").get(0).path("status").asText())
                .isEqualTo("active"));

        // 5. billing projects a NEW charge into the current calendar month, unbilled so far
        Instant now = Instant.parse(Http.get(system.operator(), url(Service.BILLING, "/admin/clock")).body().path("now").asText());
        YearMonth period = YearMonth.from(now.atZone(ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> unbilled = BillingReads.unbilled(system, billing, "current", partnerId);
            assertThat(unbilled).hasSize(1);
            JsonNode line = unbilled.get(0);
            assertThat(line.path("chargeType").asText()).isEqualTo("new");
            assertThat(line.path("platform").path("billingPeriod").asText()).isEqualTo(period.toString());
            assertThat(line.path("subtotal").decimalValue()).isEqualByComparingTo("74.85");
            assertThat(BillingReads.unbilled(system, billing, "previous", partnerId)).isEmpty();
        });
        assertThat(Http.get(billing, url(Service.BILLING, "/v1/invoices?partnerId=" + partnerId)).body().path("totalCount").asInt())
                .isZero();

        try (TopicRecorder invoicesTopic = new TopicRecorder(system.stack().kafka().bootstrapServers(), Topics.INVOICES)) {
            // 6. the month ends: the period closes into an invoice, which stays invisible until the 8th
            moveBillingClock(period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1));
            // (the closed month's charge is on its invoice: neither this month's nor left over as a previous month's)
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    BillingReads.allUnbilled(system, billing, partnerId)).isEmpty());
            moveBillingClock(period.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(3600));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    Http.get(billing, url(Service.BILLING, "/v1/invoices?partnerId=" + partnerId)).body().path("totalCount").asInt())
                    .isZero());

            // 7. on the 8th it is released: one invoice for the partner in USD, correct to the cent, with provenance
            moveBillingClock(period.plusMonths(1).atDay(8).atStartOfDay(ZoneOffset.UTC).toInstant());
            AtomicReference<JsonNode> invoice = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Http.Response invoices = Http.get(billing, url(Service.BILLING, "/v1/invoices?partnerId=" + partnerId));
                assertThat(invoices.body().path("totalCount").asInt()).isEqualTo(1);
                PartnerCenterClient.read(invoices.body(), PartnerCenterClient.Invoices.class);
                invoice.set(invoices.body().path("items").get(0));
            });
            // the invoice's id is its number, as in Partner Center
            assertThat(invoice.get().path("id").asText()).isEqualTo(partnerId + "-000001");
            assertThat(invoice.get().path("currencyCode").asText()).isEqualTo("USD");
            assertThat(invoice.get().path("totalCharges").decimalValue()).isEqualTo(new BigDecimal("74.85"));
            assertThat(Instant.parse(invoice.get().path("billingPeriodStartDate").asText()))
                    .isEqualTo(period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            assertThat(Instant.parse(invoice.get().path("billingPeriodEndDate").asText()))
                    .isEqualTo(period.atEndOfMonth().atStartOfDay(ZoneOffset.UTC).toInstant());

            Http.Response lines = Http.get(billing, url(Service.BILLING, "/v1/invoices/" + invoice.get().path("id").asText()
                    + "/lineitems/OneTime/BillingLineItems"));
            assertThat(lines.status()).isEqualTo(200);
            PartnerCenterClient.read(lines.body(), PartnerCenterClient.OneTimeInvoiceLineItems.class);
            assertThat(lines.body().path("totalCount").asInt()).isEqualTo(1);
            JsonNode line = lines.body().path("items").get(0);
            assertThat(line.path("orderId").asText()).isEqualTo(orderId);
            assertThat(line.path("publisherName").asText()).isEqualTo("Tailspin Toys");
            assertThat(line.path("unitPrice").decimalValue()).isEqualTo(new BigDecimal("24.95"));
            assertThat(line.path("quantity").asInt()).isEqualTo(3);
            assertThat(line.path("platform").path("provenance").path("sourceEventIds")).hasSize(2); // purchase and activation

            // another partner's people see none of it, on any service
            String otherAgent = system.stack().tokens().partnerUser("partner-other-" + suffix, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
            String otherBilling = system.stack().tokens().partnerUser("partner-other-" + suffix, DevTokens.BILLING_ADMIN);
            assertThat(Http.get(otherAgent, url(Service.ORDER, "/v1/customers/" + customerId + "/orders/" + orderId)).status()).isEqualTo(404);
            assertThat(Http.get(otherAgent, url(Service.SUBSCRIPTION, "/v1/customers/" + customerId + "/subscriptions")).status()).isEqualTo(404);
            assertThat(Http.get(otherBilling, url(Service.BILLING, "/v1/invoices/" + invoice.get().path("id").asText())).status()).isEqualTo(404);
            assertThat(Http.get(agent, url(Service.BILLING, "/v1/invoices/" + invoice.get().path("id").asText())).status()).isEqualTo(403);

            // 8. and the release is announced on Kafka
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(invoicesTopic.events(InvoiceReleased.class).stream()
                    .filter(e -> e.partnerId().equals(partnerId)))
                    .singleElement()
                    .satisfies(e -> assertThat(e.total().amount()).isEqualTo(new BigDecimal("74.85"))));
        }

        // 9. the price changes on the day the term ends; at the term end the subscription renews at that price
        //    (subscription-service's own catalog copy, fed over Kafka) and billing charges the new term once
        JsonNode subscription = Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customerId + "/subscriptions"))
                .body().path("items").get(0);
        Instant termEnd = Instant.parse(subscription.path("commitmentEndDate").asText());
        LocalDate renewalDay = LocalDate.ofInstant(termEnd, ZoneOffset.UTC);
        Http.Response priced = Http.post(system.operator(), url(Service.CATALOG, "/v1/offers/" + offerId + "/skus/fleet/prices"),
                "{\"market\":\"US\",\"unitPrice\":\"26.50\",\"currency\":\"USD\",\"effectiveFrom\":\"%s\"}"
                        .formatted(renewalDay));
        assertThat(priced.status()).as(String.valueOf(priced.body())).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Http.get(agent, url(Service.CATALOG,
                "/v1/offers/" + offerId + "/skus/fleet/prices?market=US")).body().path("totalCount").asInt()).isEqualTo(2));
        // subscription-service renews from its own copy of the plan, which the change reaches over Kafka on its own
        // time: the term may end only once that copy has the new price
        await().atMost(Duration.ofSeconds(60)).until(() -> planPrices(offerId) == 2);
        moveClock(Service.SUBSCRIPTION, termEnd);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode renewed = Http.get(agent, url(Service.SUBSCRIPTION, "/v1/customers/" + customerId + "/subscriptions"))
                    .body().path("items").get(0);
            assertThat(renewed.path("platform").path("termNumber").asInt()).isEqualTo(2);
            assertThat(renewed.path("platform").path("unitPrice").decimalValue()).isEqualByComparingTo("26.50");
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> unbilled = BillingReads.allUnbilled(system, billing, partnerId);
            assertThat(unbilled).hasSize(1);
            JsonNode renewal = unbilled.get(0);
            assertThat(renewal.path("chargeType").asText()).isEqualTo("renew");
            assertThat(renewal.path("subtotal").decimalValue()).isEqualByComparingTo("79.50"); // 3 x 26.50
            assertThat(Instant.parse(renewal.path("chargeStartDate").asText()))
                    .isEqualTo(renewalDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        });
    }

    /** The prices subscription-service's own plan copy holds for the offer (read from its database). */
    private static int planPrices(String offerId) throws java.sql.SQLException {
        var postgres = system.stack().postgres();
        try (var connection = java.sql.DriverManager.getConnection(postgres.jdbcUrl(Service.SUBSCRIPTION.database()),
                postgres.username(), postgres.password());
             var query = connection.prepareStatement("SELECT count(*) FROM plan_price WHERE offer_id = ?")) {
            query.setString(1, offerId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Moves the one business clock (every service's, through the gateway). */
    private static void moveClock(Service service, Instant to) {
        Http.Response moved = Http.put(system.operator(), url(service, "/admin/clock"), "{\"now\":\"" + to + "\"}");
        assertThat(moved.status()).as(String.valueOf(moved.body())).isEqualTo(200);
    }

    private static void moveBillingClock(Instant to) {
        moveClock(Service.BILLING, to);
    }
}
