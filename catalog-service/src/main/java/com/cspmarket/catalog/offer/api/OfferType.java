package com.cspmarket.catalog.offer.api;

/** What kind of marketplace product an offer is; only {@link #SAAS} can be resold through this platform. */
public enum OfferType {
    SAAS, VIRTUAL_MACHINE, AZURE_APPLICATION, CONTAINER;

    public boolean purchasable() {
        return this == SAAS;
    }
}
