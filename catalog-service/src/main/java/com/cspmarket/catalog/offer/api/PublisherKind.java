package com.cspmarket.catalog.offer.api;

/** Who publishes an offer: the marketplace operator itself or an independent software vendor. */
public enum PublisherKind {
    FIRST_PARTY, THIRD_PARTY
}
