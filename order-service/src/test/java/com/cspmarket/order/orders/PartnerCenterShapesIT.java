package com.cspmarket.order.orders;

import com.cspmarket.events.EventCodec;
import com.cspmarket.events.EventEnvelope;
import com.cspmarket.events.Money;
import com.cspmarket.events.Topics;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.local.RepeatableTest;
import com.cspmarket.local.SharedInfrastructure;
import com.cspmarket.local.TopicWriter;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ActivationLinks;
import com.cspmarket.local.partnercenter.PartnerCenterClient.BillingCycle;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Cart;
import com.cspmarket.local.partnercenter.PartnerCenterClient.CartCheckoutResult;
import com.cspmarket.local.partnercenter.PartnerCenterClient.CartStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Customer;
import com.cspmarket.local.partnercenter.PartnerCenterClient.CustomerBillingProfile;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Customers;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Order;
import com.cspmarket.local.partnercenter.PartnerCenterClient.OrderLineItem;
import com.cspmarket.local.partnercenter.PartnerCenterClient.OrderStatus;
import com.cspmarket.local.partnercenter.PartnerCenterClient.Orders;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ProvisioningState;
import com.cspmarket.local.partnercenter.PartnerCenterClient.ProvisioningStatuses;
import com.cspmarket.local.partnercenter.PartnerCenterClient.RelationshipToPartner;
import com.cspmarket.order.ServiceIT;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static com.cspmarket.local.partnercenter.PartnerCenterClient.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The customer, cart, checkout, order, provisioning status and activation link resources as a client written for
 * Partner Center reads them: every response deserializes into records named after Partner Center's fields with
 * unknown properties failing, enums spelled as Partner Center spells them; requests as the .NET SDK sends them
 * (PascalCase) are understood.
 */
class PartnerCenterShapesIT extends ServiceIT {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String OFFER = "contoso.pc-" + RUN;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void publishCatalog() {
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.CATALOG_OFFERS, OFFER, CheckoutIT.envelope(UUID.randomUUID().toString(),
                    CheckoutIT.offer(OFFER, "SAAS", true, "12.50")));
        }
    }

    ResponseEntity<JsonNode> send(HttpMethod method, String path, String json, String ifMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.exchange(path, method, new HttpEntity<>(json, headers), JsonNode.class);
    }

    @RepeatableTest
    void aPartnerCenterClientRunsTheOrderFlow() {
        String partner = "partner-pc-" + UUID.randomUUID().toString().substring(0, 8); // one per repetition
        // a customer, created as Partner Center's .NET SDK sends it (PascalCase)
        ResponseEntity<JsonNode> created = send(HttpMethod.POST, "/v1/customers", """
                {"AssociatedPartnerId":"%s","CompanyProfile":{"Domain":"Wingtip-%s.onmicrosoft.com"},
                 "BillingProfile":{"Email":"ap@wingtip.example","Culture":"en-US","Language":"en","CompanyName":"Wingtip Toys",
                  "DefaultAddress":{"Country":"US","City":"Redmond","State":"WA","AddressLine1":"One Microsoft Way",
                   "PostalCode":"98052","FirstName":"Wing","LastName":"Tip","PhoneNumber":"+1 425 555 0100"}}}"""
                .formatted(partner, RUN), null);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Customer customer = read(created.getBody(), Customer.class);
        assertThat(created.getHeaders().getLocation()).hasToString("/v1/customers/" + customer.id());
        assertThat(customer.companyProfile().tenantId()).isEqualTo(customer.id());
        assertThat(customer.companyProfile().domain()).isEqualTo("wingtip-" + RUN + ".onmicrosoft.com");
        assertThat(customer.companyProfile().companyName()).isEqualTo("Wingtip Toys");
        assertThat(customer.billingProfile().defaultAddress().country()).isEqualTo("US");
        assertThat(customer.billingProfile().defaultAddress().phoneNumber()).isEqualTo("+1 425 555 0100");
        assertThat(customer.billingProfile().email()).isEqualTo("ap@wingtip.example");
        assertThat(customer.relationshipToPartner()).isEqualTo(RelationshipToPartner.RESELLER);
        assertThat(customer.associatedPartnerId()).isEqualTo(partner);
        assertThat(customer.attributes().objectType()).isEqualTo("Customer");
        assertThat(customer.links().self().uri()).isEqualTo("/customers/" + customer.id());
        String base = "/v1/customers/" + customer.id();
        assertThat(read(http.getForObject(base, JsonNode.class), Customer.class)).isEqualTo(customer);
        Customers list = read(http.getForObject("/v1/customers?partnerId=" + partner, JsonNode.class), Customers.class);
        assertThat(list.items()).containsExactly(customer);
        assertThat(list.attributes().objectType()).isEqualTo("Collection");

        // the billing profile: read, replaced with its etag (a stale one and a new country are refused)
        ResponseEntity<JsonNode> profileRead = http.getForEntity(base + "/profiles/billing", JsonNode.class);
        CustomerBillingProfile profile = read(profileRead.getBody(), CustomerBillingProfile.class);
        assertThat(profile.attributes().objectType()).isEqualTo("CustomerBillingProfile");
        assertThat(profileRead.getHeaders().getETag()).isEqualTo("\"" + profile.attributes().etag() + "\"");
        String changed = profileRead.getBody().toString().replace("ap@wingtip.example", "billing@wingtip.example");
        ResponseEntity<JsonNode> replaced = send(HttpMethod.PUT, base + "/profiles/billing", changed, null);
        assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
        CustomerBillingProfile updated = read(replaced.getBody(), CustomerBillingProfile.class);
        assertThat(updated.email()).isEqualTo("billing@wingtip.example");
        assertThat(updated.attributes().etag()).isNotEqualTo(profile.attributes().etag());
        long events = jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single();
        assertThat(send(HttpMethod.PUT, base + "/profiles/billing", changed, null).getStatusCode())
                .as("the body's etag is stale now").isEqualTo(HttpStatus.PRECONDITION_FAILED);
        String moved = replaced.getBody().toString().replace("\"country\":\"US\"", "\"country\":\"DE\"");
        ResponseEntity<JsonNode> refused = send(HttpMethod.PUT, base + "/profiles/billing", moved, null);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("code").asInt()).isEqualTo(620012);
        assertThat(refused.getBody().path("description").asText()).contains("cannot change");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single()).isEqualTo(events);

        // a cart with Partner Center's line items, answered whole
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM catalog_offer WHERE offer_id = :id")
                .param("id", OFFER).query(Integer.class).single() == 1);
        ResponseEntity<JsonNode> cartCreated = send(HttpMethod.POST, base + "/carts", """
                {"lineItems":[{"id":0,"catalogItemId":"%s:std:US","friendlyName":"CRM for sales","quantity":3,
                  "billingCycle":"Monthly","termDuration":"P1M","provisioningContext":{"domain":"wingtip.example"}}]}"""
                .formatted(OFFER), null);
        assertThat(cartCreated.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Cart cart = read(cartCreated.getBody(), Cart.class);
        assertThat(cart.status()).isEqualTo(CartStatus.ACTIVE);
        assertThat(cart.attributes().objectType()).isEqualTo("Cart");
        assertThat(cart.lineItems()).singleElement().satisfies(l -> {
            assertThat(l.id()).isZero();
            assertThat(l.catalogItemId()).isEqualTo(OFFER + ":std:US");
            assertThat(l.billingCycle()).isEqualTo(BillingCycle.MONTHLY);
            assertThat(l.termDuration()).isEqualTo("P1M");
            assertThat(l.quantity()).isEqualTo(3);
            assertThat(l.provisioningContext()).isEqualTo(Map.of("domain", "wingtip.example"));
        });
        // the client sends back the cart it read, with one more line
        String twoLines = cartCreated.getBody().toString().replace("}]", "},{\"catalogItemId\":\"" + OFFER
                + ":std:US\",\"quantity\":2,\"billingCycle\":\"monthly\"}]");
        ResponseEntity<JsonNode> cartUpdated = send(HttpMethod.PUT, base + "/carts/" + cart.id(), twoLines,
                cartCreated.getHeaders().getETag());
        assertThat(cartUpdated.getStatusCode()).isEqualTo(HttpStatus.OK);
        Cart twoLineCart = read(cartUpdated.getBody(), Cart.class);
        assertThat(twoLineCart.lineItems()).extracting(l -> l.id()).containsExactly(0, 1);

        // checkout: Partner Center's CartCheckoutResult with its Order
        ResponseEntity<JsonNode> checkedOut = send(HttpMethod.POST, base + "/carts/" + cart.id() + "/checkout", "", null);
        assertThat(checkedOut.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        CartCheckoutResult result = read(checkedOut.getBody(), CartCheckoutResult.class);
        assertThat(result.orderErrors()).isEmpty();
        Order order = result.orders().get(0);
        assertThat(order.referenceCustomerId()).isEqualTo(customer.id());
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.billingCycle()).isEqualTo(BillingCycle.MONTHLY);
        assertThat(order.currencyCode()).isEqualTo("USD");
        assertThat(order.transactionType()).isEqualTo("UserPurchase");
        assertThat(order.totalPrice()).isEqualByComparingTo("62.50"); // (3 + 2) x 12.50
        assertThat(order.attributes().objectType()).isEqualTo("Order");
        OrderLineItem first = order.lineItems().get(0);
        assertThat(first.lineItemNumber()).isZero();
        assertThat(first.offerId()).isEqualTo(OFFER + ":std:US");
        assertThat(first.friendlyName()).isEqualTo("CRM for sales");
        assertThat(first.termDuration()).isEqualTo("P1M");
        assertThat(first.pricing().listPrice()).isEqualByComparingTo("12.50");
        assertThat(first.pricing().extendedPrice()).isEqualByComparingTo("37.50");
        assertThat(first.provisioningContext()).isEqualTo(Map.of("domain", "wingtip.example"));
        assertThat(first.links().availability().uri()).isEqualTo("/products/" + OFFER + "/skus/std/availabilities/US?country=US");
        assertThat(order.lineItems().get(1).lineItemNumber()).isEqualTo(1);
        assertThat(read(http.getForObject(base + "/carts/" + cart.id(), JsonNode.class), Cart.class).status())
                .isEqualTo(CartStatus.ORDERED);
        String orderPath = base + "/orders/" + order.id();
        assertThat(read(http.getForObject(orderPath, JsonNode.class), Order.class)).isEqualTo(order);
        assertThat(read(http.getForObject(base + "/orders", JsonNode.class), Orders.class).items()).containsExactly(order);
        ProvisioningStatuses pending = read(http.getForObject(orderPath + "/provisioningstatus", JsonNode.class),
                ProvisioningStatuses.class);
        assertThat(pending.items()).extracting(s -> s.status()).containsOnly(ProvisioningState.PREFULFILLMENT_PENDING);
        assertThat(read(http.getForObject(orderPath + "/activationlinks", JsonNode.class), ActivationLinks.class).items()).isEmpty();

        // subscription-service fulfils line 0: the order links the subscription and its activation link
        SubscriptionPurchased purchased = new SubscriptionPurchased("sub-" + order.id(), order.id(), 0, partner,
                customer.id(), OFFER, "Offer", "Publisher", "std", 3, "P1M", "MONTHLY",
                new Money(new BigDecimal("12.50"), "USD"), Instant.now(), Instant.now(), Instant.now(),
                "https://activate.example/" + order.id());
        try (TopicWriter kafka = new TopicWriter(SharedInfrastructure.get().kafka().bootstrapServers())) {
            kafka.send(Topics.SUBSCRIPTIONS, purchased.subscriptionId(), EventCodec.encode(EventEnvelope.of(
                    UUID.randomUUID(), Instant.now(), null, null, purchased)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ActivationLinks links = read(http.getForObject(orderPath + "/lineitems/0/activationlinks", JsonNode.class),
                    ActivationLinks.class);
            assertThat(links.items()).singleElement().satisfies(l -> {
                assertThat(l.lineItemNumber()).isZero();
                assertThat(l.link().uri()).isEqualTo("https://activate.example/" + order.id());
                assertThat(l.link().method()).isEqualTo("GET");
            });
        });
        Order fulfilled = read(http.getForObject(orderPath, JsonNode.class), Order.class);
        assertThat(fulfilled.lineItems().get(0).subscriptionId()).isEqualTo("sub-" + order.id());
        assertThat(fulfilled.lineItems().get(0).links().subscription().uri())
                .isEqualTo("/customers/" + customer.id() + "/subscriptions/sub-" + order.id());
        ProvisioningStatuses status = read(http.getForObject(orderPath + "/provisioningstatus", JsonNode.class),
                ProvisioningStatuses.class);
        assertThat(status.items()).extracting(s -> s.status())
                .containsExactly(ProvisioningState.FULFILLED, ProvisioningState.PREFULFILLMENT_PENDING);
        assertThat(http.getForEntity(orderPath + "/lineitems/7/activationlinks", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
