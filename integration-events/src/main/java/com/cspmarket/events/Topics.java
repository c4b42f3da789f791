package com.cspmarket.events;

/** Kafka topic names. Every record is keyed by the id of the aggregate it is about. */
public final class Topics {
    public static final String CATALOG_OFFERS = "catalog.offers.v1";
    public static final String ORDERS = "orders.orders.v1";
    public static final String SUBSCRIPTIONS = "subscriptions.subscriptions.v1";
    public static final String INVOICES = "billing.invoices.v1";

    public static final java.util.List<String> ALL = java.util.List.of(CATALOG_OFFERS, ORDERS, SUBSCRIPTIONS, INVOICES);

    private Topics() {
    }
}
