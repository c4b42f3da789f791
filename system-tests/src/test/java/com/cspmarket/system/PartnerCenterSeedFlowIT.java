package com.cspmarket.system;

import com.cspmarket.local.DevTokens;
import com.cspmarket.local.LocalStack.Service;
import com.cspmarket.local.partnercenter.PartnerCenterClient;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ActivationLinks;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Availabilities;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Availability;
import com.cspmarket.local.partnercenter.PartnerCenterClient.BillingCycle;
import com.cspmarket.local.partnercenter.PartnerCenterClient.BillingProvider;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Cart;
import com.cspmarket.local.partnercenter.PartnerCenterClient.CartCheckoutResult;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ChargeType;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Customer;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Invoice;
import com.cspmarket.local.partnercenter.PartnerCenterClient.InvoiceLineItemType;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Invoices;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Link;
import com.cspmarket.local.partnercenter.PartnerCenterClient.OneTimeInvoiceLineItem;
import com.cspmarket.local.partnercenter.PartnerCenterClient.OneTimeInvoiceLineItems;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Order;
import com.cspmarket.local.partnercenter.PartnerCenterClient.OrderStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Product;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ProvisioningState;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ProvisioningStatuses;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Skus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Subscription;
import com.cspmarket.local.partnercenter.PartnerCenterClient.SubscriptionStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Subscriptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@code deleted} inside the window), the unbilled line items (in one page, and one line a page along the continuation
 * token), and on the 8th the month's invoice, by its id, and its line items through the invoice detail's link.
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

        // unbilled before the month closes (this month's open billing line items): the purchase, the added seats,
        // and a credit for each, each naming the customer, the SKU, the publisher and the order as order-service had them
        String unbilledPath = "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems"
                + "&currencycode=USD&period=";
        AtomicReference<OneTimeInvoiceLineItems> unbilled = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            OneTimeInvoiceLineItems current = read(Http.get(billing, url(unbilledPath + "current")).body(),
                    OneTimeInvoiceLineItems.class);
            assertThat(current.items()).extracting(OneTimeInvoiceLineItem::chargeType).containsExactlyInAnyOrder(
                    ChargeType.NEW, ChargeType.ADD_QUANTITY, ChargeType.CANCEL_IMMEDIATE, ChargeType.CANCEL_IMMEDIATE);
            unbilled.set(current);
        });
        OneTimeInvoiceLineItems current = unbilled.get();
        assertThat(current.totalCount()).isEqualTo(4);
        assertThat(current.links().next()).isNull();
        assertThat(current.continuationToken()).isNull();
        assertThat(current.attributes().objectType()).isEqualTo("Collection");
        assertThat(sum(current.items())).isEqualByComparingTo("0.00");
        assertThat(current.items()).allSatisfy(line -> {
            assertThat(line.billingProvider()).isEqualTo(BillingProvider.ONE_TIME);
            assertThat(line.invoiceLineItemType()).isEqualTo(InvoiceLineItemType.BILLING_LINE_ITEMS);
            assertThat(line.attributes().objectType()).isEqualTo("OneTimeInvoiceLineItem");
            assertThat(line.partnerId()).isEqualTo(partnerId);
            assertThat(line.customerId()).isEqualTo(customer.id());
            assertThat(line.customerName()).isEqualTo("Seed Corp");
            assertThat(line.customerDomainName()).isEqualTo(customer.companyProfile().domain());
            assertThat(line.customerCountry()).isEqualTo("US");
            assertThat(line.orderId()).isEqualTo(order.id());
            assertThat(line.orderDate()).isNotNull();
            assertThat(line.productId()).isEqualTo(offerId);
            assertThat(line.skuId()).isEqualTo("std");
            assertThat(line.skuName()).isEqualTo("Standard");
            assertThat(line.availabilityId()).isEqualTo("US");
            assertThat(line.publisherId()).isEqualTo("tests");
            assertThat(line.subscriptionId()).isEqualTo(deleted.id());
            assertThat(line.currency()).isEqualTo("USD");
            assertThat(line.chargeStartDate()).isNotNull();
            assertThat(line.chargeEndDate()).isNotNull();
            assertThat(line.platform().billingPeriod()).isEqualTo(month);
            assertThat(line.platform().chargeId()).isNotBlank();
        });
        // every credit reverses one of the two charges, each exactly once
        List<String> charges = current.items().stream().filter(l -> l.chargeType() != ChargeType.CANCEL_IMMEDIATE)
                .map(l -> l.platform().chargeId()).toList();
        assertThat(current.items().stream().filter(l -> l.chargeType() == ChargeType.CANCEL_IMMEDIATE)
                .map(l -> l.platform().reversesChargeId())).containsExactlyInAnyOrderElementsOf(charges);
        // no earlier month has lines left
        assertThat(read(Http.get(billing, url(unbilledPath + "previous")).body(), OneTimeInvoiceLineItems.class)
                .items()).isEmpty();

        // the same lines a page of one at a time: links.next with its MS-ContinuationToken header until no next
        List<String> seen = new ArrayList<>();
        Http.Response seekPage = Http.get(billing, url(unbilledPath + "current&size=1"));
        for (int pages = 1; ; pages++) {
            assertThat(seekPage.status()).as(String.valueOf(seekPage.body())).isEqualTo(200);
            OneTimeInvoiceLineItems onePage = read(seekPage.body(), OneTimeInvoiceLineItems.class);
            assertThat(onePage.items()).hasSize(1);
            seen.add(onePage.items().get(0).platform().chargeId());
            Link next = onePage.links().next();
            if (next == null) {
                assertThat(onePage.continuationToken()).isNull();
                assertThat(pages).isEqualTo(4);
                break;
            }
            assertThat(pages).as("pages").isLessThan(4);
            assertThat(next.method()).isEqualTo("GET");
            assertThat(next.uri()).contains("seekOperation=Next");
            assertThat(next.headers()).singleElement().satisfies(h -> {
                assertThat(h.key()).isEqualTo("MS-ContinuationToken");
                assertThat(h.value()).isEqualTo(onePage.continuationToken()).isNotBlank();
            });
            seekPage = Http.get(billing, url("/v1" + next.uri()),
                    Map.of(next.headers().get(0).key(), next.headers().get(0).value()));
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                current.items().stream().map(l -> l.platform().chargeId()).toList());

        // the month's invoice is released on the 8th of the next month
        system.moveAllClocks(now -> month.plusMonths(1).atDay(8).atStartOfDay().toInstant(ZoneOffset.UTC));
        AtomicReference<Invoices> released = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Invoices invoices = read(Http.get(billing, url("/v1/invoices")).body(), Invoices.class);
            assertThat(invoices.items()).hasSize(1);
            released.set(invoices);
        });
        Invoice listed = released.get().items().get(0);
        assertThat(listed.id()).isEqualTo(partnerId + "-000001");
        assertThat(listed.totalCharges()).isEqualByComparingTo("0.00");

        // the invoice by its id, and its one-time billing line items through its invoice detail's link
        Invoice invoice = read(Http.get(billing, url("/v1/invoices/" + listed.id())).body(), Invoice.class);
        assertThat(invoice.id()).isEqualTo(listed.id());
        assertThat(invoice.totalCharges()).isEqualByComparingTo("0.00");
        assertThat(invoice.currencyCode()).isEqualTo("USD");
        assertThat(invoice.billingPeriodStartDate()).isEqualTo(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        assertThat(invoice.billingPeriodEndDate())
                .isEqualTo(month.atEndOfMonth().atStartOfDay().toInstant(ZoneOffset.UTC));
        assertThat(invoice.attributes().objectType()).isEqualTo("Invoice");
        assertThat(invoice.links().self().uri()).isEqualTo("/invoices/" + invoice.id());
        assertThat(invoice.invoiceDetails()).singleElement().satisfies(detail -> {
            assertThat(detail.billingProvider()).isEqualTo(BillingProvider.ONE_TIME);
            assertThat(detail.invoiceLineItemType()).isEqualTo(InvoiceLineItemType.BILLING_LINE_ITEMS);
        });
        Link detail = invoice.invoiceDetails().get(0).links().self();
        OneTimeInvoiceLineItems lines = read(Http.get(billing, url("/v1" + detail.uri())).body(),
                OneTimeInvoiceLineItems.class);
        assertThat(lines.links().next()).isNull();
        assertThat(lines.items()).hasSize(4);
        assertThat(lines.items()).extracting(OneTimeInvoiceLineItem::chargeType).containsExactlyInAnyOrder(
                ChargeType.NEW, ChargeType.ADD_QUANTITY, ChargeType.CANCEL_IMMEDIATE, ChargeType.CANCEL_IMMEDIATE);
        assertThat(lines.items()).allSatisfy(line -> assertThat(line.invoiceNumber()).isEqualTo(invoice.id()));
        assertThat(lines.items()).extracting(l -> l.platform().chargeId())
                .containsExactlyInAnyOrderElementsOf(seen);
        assertThat(sum(lines.items())).isEqualByComparingTo("0.00");
    }

    private static BigDecimal sum(List<OneTimeInvoiceLineItem> lines) {
        return lines.stream().map(OneTimeInvoiceLineItem::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
