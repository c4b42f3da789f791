package com.cspmarket.catalog.offer.api;

/**
 * The ISV that publishes an offer, and where customers get support. {@code kind} was added after revision 1 of
 * the offer events; events stored without it read as {@link PublisherKind#THIRD_PARTY}.
 */
public record Publisher(String publisherId, String name, String supportEmail, String supportUrl, PublisherKind kind) {
    public Publisher {
        kind = kind == null ? PublisherKind.THIRD_PARTY : kind;
    }
}
