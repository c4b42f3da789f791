package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack.Service;
import com.cspmarket.local.partnercenter.PartnerCenterClient;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ActivationLinks;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Availabilities;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Availability;
import com.cspmarket.local.partnercenter.PartnerCenterClient.BillingCycle;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Cart;
import com.cspmarket.local.partnercenter.PartnerCenterClient.CartCheckoutResult;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Customer;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Order;
import com.cspmarket.local.partnercenter.PartnerCenterClient.OrderStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Product;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ProvisioningState;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ProvisioningStatuses;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Skus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Subscription;
import com.cspmarket.local.partnercenter.PartnerCenterClient.SubscriptionStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Subscriptions;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static com.cspmarket.local.partnercenter.PartnerCenterClient.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's flow as a client written for Partner Center runs it, through the gateway only, every response read into
 * Partner Center's resources (unknown properties fail): the products for a market, a SKU's availability, a cart with
 * its catalogItemId, checkout, the order and its provisioning status, the activation link (the page, then
 * activation), the subscription PATCHed as a whole resource (auto-renew off and more seats, then cancelled as
 * {@code deleted} inside the window), the unbilled charges, and the month's invoice on the 8th.
 */
class PartnerCenterSeedFlowIT {

    @RegisterExtension
    static final TestSystem system = TestSystem.shared();

    static String url(String path) {
        return system.url(Service.ORDER, path); // the gateway routes by path: one base URL for every service
    }

    @Test
    void aPartnerCenterClientRunsTheSeedFlowWithOnlyItsBaseUrlChanged() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String offerId = "seedflow.crm-" + suffix;
        String partnerId = "partner-seed-" + suffix;
        String agent = system.stack().tokens().partnerUser(partnerId, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT);
        String billing = system.stack().tokens().partnerUser(partnerId, DevTokens.BILLING_ADMIN);
        YearMonth month = system.pinMidNextMonth();
        assertThat(Http.post(system.operator(), url("/v1/offers"),
                TestSystem.monthlyOffer(offerId, "Seed Flow CRM " + suffix, 50, system.catalogToday())).status())
                .isEqualTo(201);

        // the market's products, the SKU and its availability: the catalogItemId to buy
        AtomicReference<Product> product = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Response found = Http.get(agent, url("/v1/products/" + offerId + "?country=US"));
            assertThat(found.status()).isEqualTo(200);
            product.set(read(found.body(), Product.class));
        });
        assertThat(product.get().productType().id()).isEqualTo("SaaS");
        Skus skus = read(Http.get(agent, url("/v1/products/" + offerId + "/skus?country=US")).body(), Skus.class);
        assertThat(skus.items()).singleElement().satisfies(sku -> {
            assertThat(sku.id()).isEqualTo("std");
            assertThat(sku.maximumQuantity()).isEqualTo(50);
            assertThat(sku.supportedBillingCycles()).containsExactly(BillingCycle.MONTHLY);
        });
        Availability availability = read(Http.get(agent, url("/v1/products/" + offerId
                + "/skus/std/availabilities?country=US")).body(), Availabilities.class).items().get(0);
        assertThat(availability.isPurchasable()).isTrue();
        String catalogItemId = availability.catalogItemId();
        assertThat(catalogItemId).isEqualTo(offerId + ":std:US");

        // a customer, a cart with the catalog item, checkout
        Http.Response created = Http.post(agent, url("/v1/customers"), """
                {"companyProfile":{"domain":"seed-%s.onmicrosoft.com"},
                 "billingProfile":{"email":"it@seed.example","culture":"en-US","language":"en","companyName":"Seed Corp",
                  "defaultAddress":{"country":"US","city":"Redmond","state":"WA","addressLine1":"1 Main St",
                   "postalCode":"98052"}}}""".formatted(suffix));
        assertThat(created.status()).isEqualTo(201);
        Customer customer = read(created.body(), Customer.class);
        String base = "/v1/customers/" + customer.id();
        Http.Response cartCreated = Http.post(agent, url(base + "/carts"), """
                {"lineItems":[{"id":0,"catalogItemId":"%s","quantity":3,"billingCycle":"monthly","termDuration":"P1M"}]}"""
                .formatted(catalogItemId));
        assertThat(cartCreated.status()).isEqualTo(201);
        Cart cart = read(cartCreated.body(), Cart.class);
        AtomicReference<Http.Response> checkout = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> { // once order-service's catalog copy has the offer
            checkout.set(Http.post(agent, url(base + "/carts/" + cart.id() + "/checkout"), ""));
            assertThat(checkout.get().status()).as(String.valueOf(checkout.get().body())).isEqualTo(201);
        });
        Order order = read(checkout.get().body(), CartCheckoutResult.class).orders().get(0);
        assertThat(order.lineItems().get(0).offerId()).isEqualTo(catalogItemId);
        assertThat(order.totalPrice()).isEqualByComparingTo("37.50");
        String orderPath = base + "/orders/" + order.id();

        // the order completes; its line's activation link opens the customer's page, which activates
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(read(Http.get(agent, url(orderPath)).body(), Order.class).status()).isEqualTo(OrderStatus.COMPLETED);
            assertThat(read(Http.get(agent, url(orderPath + "/provisioningstatus")).body(), ProvisioningStatuses.class)
                    .items()).extracting(s -> s.status()).containsExactly(ProvisioningState.FULFILLED);
        });
        String link = read(Http.get(agent, url(orderPath + "/lineitems/0/activationlinks")).body(), ActivationLinks.class)
                .items().get(0).link().uri();
        HttpResponse<String> page = Http.page(link);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Seed Flow CRM " + suffix).contains("Activate");
        assertThat(Http.post(link, "").status()).isEqualTo(204);
        String subscriptionsPath = base + "/subscriptions";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(read(Http.get(agent,
                url(subscriptionsPath)).body(), Subscriptions.class).items()).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE)));
        String subscriptionPath = subscriptionsPath + "/" + read(Http.get(agent, url(subscriptionsPath)).body(),
                Subscriptions.class).items().get(0).id();

        // the whole resource PATCHed back: auto-renew off and two more seats (retried while the plan's limits are
        // still on their way to subscription-service)
        String asRead = Http.get(agent, url(subscriptionPath)).body().toString();
        assertThat(asRead).contains("\"autoRenewEnabled\":true").contains("\"quantity\":3,");
        String changed = asRead.replace("\"autoRenewEnabled\":true", "\"autoRenewEnabled\":false")
                .replace("\"quantity\":3,", "\"quantity\":5,");
        AtomicReference<Http.Response> patched = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            patched.set(Http.patch(agent, url(subscriptionPath), changed));
            assertThat(patched.get().status()).as(String.valueOf(patched.get().body())).isEqualTo(200);
        });
        Subscription more = read(patched.get().body(), Subscription.class);
        assertThat(more.quantity()).isEqualTo(5);
        assertThat(more.autoRenewEnabled()).isFalse();
        // cancelled as Partner Center cancels, inside the refund window: everything charged is credited
        Subscription deleted = read(Http.patch(agent, url(subscriptionPath), patched.get().body().toString()
                .replace("\"status\":\"active\"", "\"status\":\"deleted\"")).body(), Subscription.class);
        assertThat(deleted.status()).isEqualTo(SubscriptionStatus.DELETED);

        // unbilled before the month closes: the purchase, the added seats, and a credit for each
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode unbilled = Http.get(billing, url("/v1/invoices/unbilled")).body();
            List<String> types = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (JsonNode line : unbilled.path("items")) {
                types.add(line.path("chargeType").asText());
                total = total.add(line.path("amount").decimalValue());
            }
            assertThat(types).containsExactlyInAnyOrder("NEW", "QUANTITY_CHANGE", "CANCEL_CREDIT", "CANCEL_CREDIT");
            assertThat(total).isEqualByComparingTo("0.00");
        });

        // the month's invoice is released on the 8th of the next month
        system.moveAllClocks(now -> month.plusMonths(1).atDay(8).atStartOfDay().toInstant(ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode invoices = Http.get(billing, url("/v1/invoices")).body().path("items");
            assertThat(invoices).hasSize(1);
            assertThat(invoices.get(0).path("lineItemCount").asInt()).isEqualTo(4);
            assertThat(invoices.get(0).path("totalCharges").decimalValue()).isEqualByComparingTo("0.00");
        });
    }
}
