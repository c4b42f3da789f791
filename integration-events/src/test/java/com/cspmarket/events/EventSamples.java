package com.cspmarket.events;

import com.cspmarket.events.billing.InvoiceReleased;
import com.cspmarket.events.catalog.OfferAvailabilityChanged;
import com.cspmarket.events.catalog.OfferPublished;
import com.cspmarket.events.catalog.OfferWithdrawn;
import com.cspmarket.events.catalog.SkuPriceChanged;
import com.cspmarket.events.order.OrderPlaced;
import com.cspmarket.events.subscription.SubscriptionActivated;
import com.cspmarket.events.subscription.SubscriptionAutoRenewChanged;
import com.cspmarket.events.subscription.SubscriptionCancellationScheduled;
import com.cspmarket.events.subscription.SubscriptionCancellationUndone;
import com.cspmarket.events.subscription.SubscriptionCancelled;
import com.cspmarket.events.subscription.SubscriptionExpired;
import com.cspmarket.events.subscription.SubscriptionQuantityDecreaseScheduled;
import com.cspmarket.events.subscription.SubscriptionQuantityDecreaseWithdrawn;
import com.cspmarket.events.subscription.SubscriptionQuantityIncreased;
import com.cspmarket.events.subscription.SubscriptionRenewed;
import com.cspmarket.events.subscription.SubscriptionPurchaseRejected;
import com.cspmarket.events.subscription.SubscriptionPurchased;
import com.cspmarket.events.subscription.SubscriptionReinstated;
import com.cspmarket.events.subscription.SubscriptionSuspended;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One fixed example of every registered integration event. */
final class EventSamples {

    static final Instant AT = Instant.parse("2026-11-24T10:15:30Z");
    static final Money PRICE = new Money(new BigDecimal("12.50"), "USD");

    static Map<EventType, IntegrationEvent> all() {
        return Samples.of(
                EventType.SKU_PRICE_CHANGED, new SkuPriceChanged("contoso.crm-suite", "standard", "US",
                        new Money(new BigDecimal("13.00"), "USD"), LocalDate.parse("2026-12-01")),
                EventType.OFFER_AVAILABILITY_CHANGED, new OfferAvailabilityChanged("contoso.crm-suite", List.of("US", "DE", "FR")),
                EventType.OFFER_WITHDRAWN, new OfferWithdrawn("contoso.crm-suite", "end of life"),
                EventType.OFFER_PUBLISHED, new OfferPublished("contoso.crm-suite", "Contoso CRM Suite",
                        new OfferPublished.Publisher("contoso", "Contoso Ltd", "support@contoso.example"),
                        "SaaS", true, List.of("US", "DE"),
                        List.of(new OfferPublished.Sku("standard", "Standard", "P1M", "MONTHLY", 1, 500,
                                List.of(new OfferPublished.Price("US", PRICE, LocalDate.parse("2026-11-01")))))),
                EventType.ORDER_PLACED, new OrderPlaced("order-1", "partner-1", "customer-1", "US", AT,
                        List.of(new OrderPlaced.LineItem(1, "contoso.crm-suite", "Contoso CRM Suite", "Contoso Ltd",
                                "standard", 3, "P1M", "MONTHLY", PRICE, "US", "Standard", "contoso", "CRM for sales")),
                        "Fabrikam Inc", "fabrikam.example"),
                EventType.SUBSCRIPTION_PURCHASED, new SubscriptionPurchased("sub-1", "order-1", 1, "partner-1",
                        "customer-1", "contoso.crm-suite", "Contoso CRM Suite", "Contoso Ltd", "standard", 3, "P1M",
                        "MONTHLY", PRICE, AT, AT, Instant.parse("2026-12-24T10:15:30Z"),
                        "https://marketplace.example/v1/subscriptions/sub-1/activation?token=t-1", "US", "Standard",
                        "contoso", "Fabrikam Inc", "fabrikam.example", "CRM for sales"),
                EventType.SUBSCRIPTION_ACTIVATED, new SubscriptionActivated("sub-1", "order-1", "partner-1", "customer-1",
                        Instant.parse("2026-11-25T08:00:00Z"), Instant.parse("2026-11-25T08:00:00Z"),
                        Instant.parse("2026-12-25T08:00:00Z")),
                EventType.SUBSCRIPTION_CANCELLED, new SubscriptionCancelled("sub-1",
                        Instant.parse("2026-11-25T08:00:00Z"), "FULL", "REQUESTED"),
                EventType.SUBSCRIPTION_CANCELLATION_SCHEDULED, new SubscriptionCancellationScheduled("sub-1",
                        Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-25T08:00:00Z")),
                EventType.SUBSCRIPTION_CANCELLATION_UNDONE, new SubscriptionCancellationUndone("sub-1",
                        Instant.parse("2026-12-01T08:00:00Z")),
                EventType.SUBSCRIPTION_AUTO_RENEW_CHANGED, new SubscriptionAutoRenewChanged("sub-1", false),
                EventType.SUBSCRIPTION_SUSPENDED, new SubscriptionSuspended("sub-1", Instant.parse("2026-12-02T08:00:00Z")),
                EventType.SUBSCRIPTION_REINSTATED, new SubscriptionReinstated("sub-1", Instant.parse("2026-12-03T08:00:00Z")),
                EventType.SUBSCRIPTION_RENEWED, new SubscriptionRenewed("sub-1", 2, Instant.parse("2026-12-25T08:00:00Z"),
                        Instant.parse("2027-01-25T08:00:00Z"), 4, new Money(new BigDecimal("13.00"), "USD"),
                        Instant.parse("2026-12-25T08:00:01Z"), Instant.parse("2026-12-26T08:00:00Z")),
                EventType.SUBSCRIPTION_EXPIRED, new SubscriptionExpired("sub-1", Instant.parse("2027-01-25T08:00:00Z"),
                        "AUTO_RENEW_OFF"),
                EventType.SUBSCRIPTION_QUANTITY_INCREASED, new SubscriptionQuantityIncreased("sub-1", 3, 5,
                        Instant.parse("2026-12-10T08:00:00Z"), Instant.parse("2026-11-25T08:00:00Z"),
                        Instant.parse("2026-12-25T08:00:00Z"), PRICE),
                EventType.SUBSCRIPTION_QUANTITY_DECREASE_SCHEDULED, new SubscriptionQuantityDecreaseScheduled("sub-1",
                        5, 4, Instant.parse("2026-12-11T08:00:00Z"), Instant.parse("2026-12-25T08:00:00Z")),
                EventType.SUBSCRIPTION_QUANTITY_DECREASE_WITHDRAWN, new SubscriptionQuantityDecreaseWithdrawn("sub-1",
                        5, Instant.parse("2026-12-12T08:00:00Z"), "QUANTITY_INCREASED"),
                EventType.SUBSCRIPTION_PURCHASE_REJECTED, new SubscriptionPurchaseRejected("sub-2", "order-1", 2,
                        "partner-1", "customer-1", "INVALID_QUANTITY", "quantity must be at least 1"),
                EventType.INVOICE_RELEASED, new InvoiceReleased("inv-1", "P1-000001", "partner-1",
                        LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"),
                        new Money(new BigDecimal("37.50"), "USD"), 1, Instant.parse("2026-12-08T00:00:00Z")));
    }

    /** Map.of stops at ten pairs; the contract has more events than that. */
    private static final class Samples {
        static Map<EventType, IntegrationEvent> of(Object... pairs) {
            Map<EventType, IntegrationEvent> samples = new java.util.EnumMap<>(EventType.class);
            for (int i = 0; i < pairs.length; i += 2) {
                samples.put((EventType) pairs[i], (IntegrationEvent) pairs[i + 1]);
            }
            return samples;
        }
    }

    static EventEnvelope<IntegrationEvent> envelope(IntegrationEvent event) {
        return EventEnvelope.of(UUID.nameUUIDFromBytes(event.aggregateId().getBytes()), AT, "corr-1", "cause-1", event)
                .withAggregateSequence(3);
    }

    private EventSamples() {
    }
}
