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

import java.util.Arrays;
import java.util.Optional;

/** Every integration event: its wire name, its version, its topic and its payload record. */
public enum EventType {
    OFFER_PUBLISHED("catalog.OfferPublished", 1, Topics.CATALOG_OFFERS, OfferPublished.class),
    SKU_PRICE_CHANGED("catalog.SkuPriceChanged", 1, Topics.CATALOG_OFFERS, SkuPriceChanged.class),
    OFFER_AVAILABILITY_CHANGED("catalog.OfferAvailabilityChanged", 1, Topics.CATALOG_OFFERS, OfferAvailabilityChanged.class),
    OFFER_WITHDRAWN("catalog.OfferWithdrawn", 1, Topics.CATALOG_OFFERS, OfferWithdrawn.class),
    ORDER_PLACED("order.OrderPlaced", 1, Topics.ORDERS, OrderPlaced.class),
    SUBSCRIPTION_PURCHASED("subscription.SubscriptionPurchased", 1, Topics.SUBSCRIPTIONS, SubscriptionPurchased.class),
    SUBSCRIPTION_ACTIVATED("subscription.SubscriptionActivated", 1, Topics.SUBSCRIPTIONS, SubscriptionActivated.class),
    SUBSCRIPTION_CANCELLED("subscription.SubscriptionCancelled", 1, Topics.SUBSCRIPTIONS, SubscriptionCancelled.class),
    SUBSCRIPTION_CANCELLATION_SCHEDULED("subscription.SubscriptionCancellationScheduled", 1, Topics.SUBSCRIPTIONS,
            SubscriptionCancellationScheduled.class),
    SUBSCRIPTION_CANCELLATION_UNDONE("subscription.SubscriptionCancellationUndone", 1, Topics.SUBSCRIPTIONS,
            SubscriptionCancellationUndone.class),
    SUBSCRIPTION_AUTO_RENEW_CHANGED("subscription.SubscriptionAutoRenewChanged", 1, Topics.SUBSCRIPTIONS,
            SubscriptionAutoRenewChanged.class),
    SUBSCRIPTION_SUSPENDED("subscription.SubscriptionSuspended", 1, Topics.SUBSCRIPTIONS, SubscriptionSuspended.class),
    SUBSCRIPTION_REINSTATED("subscription.SubscriptionReinstated", 1, Topics.SUBSCRIPTIONS, SubscriptionReinstated.class),
    SUBSCRIPTION_RENEWED("subscription.SubscriptionRenewed", 1, Topics.SUBSCRIPTIONS, SubscriptionRenewed.class),
    SUBSCRIPTION_EXPIRED("subscription.SubscriptionExpired", 1, Topics.SUBSCRIPTIONS, SubscriptionExpired.class),
    SUBSCRIPTION_QUANTITY_INCREASED("subscription.SubscriptionQuantityIncreased", 1, Topics.SUBSCRIPTIONS,
            SubscriptionQuantityIncreased.class),
    SUBSCRIPTION_QUANTITY_DECREASE_SCHEDULED("subscription.SubscriptionQuantityDecreaseScheduled", 1,
            Topics.SUBSCRIPTIONS, SubscriptionQuantityDecreaseScheduled.class),
    SUBSCRIPTION_QUANTITY_DECREASE_WITHDRAWN("subscription.SubscriptionQuantityDecreaseWithdrawn", 1,
            Topics.SUBSCRIPTIONS, SubscriptionQuantityDecreaseWithdrawn.class),
    SUBSCRIPTION_PURCHASE_REJECTED("subscription.SubscriptionPurchaseRejected", 1, Topics.SUBSCRIPTIONS,
            SubscriptionPurchaseRejected.class),
    INVOICE_RELEASED("billing.InvoiceReleased", 1, Topics.INVOICES, InvoiceReleased.class);

    private final String wireName;
    private final int version;
    private final String topic;
    private final Class<? extends IntegrationEvent> payloadType;

    EventType(String wireName, int version, String topic, Class<? extends IntegrationEvent> payloadType) {
        this.wireName = wireName;
        this.version = version;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String wireName() {
        return wireName;
    }

    public int version() {
        return version;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends IntegrationEvent> payloadType() {
        return payloadType;
    }

    public static EventType of(IntegrationEvent event) {
        return Arrays.stream(values())
                .filter(t -> t.payloadType.equals(event.getClass()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a registered integration event: " + event.getClass()));
    }

    public static Optional<EventType> byWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
