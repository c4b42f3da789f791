package com.cspmarket.catalog.offer.api;

/** The ISV that publishes an offer, and where customers get support. */
public record Publisher(String publisherId, String name, String supportEmail, String supportUrl) {
}
