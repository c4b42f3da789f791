package com.cspmarket.order.customer.api;

/**
 * A customer's billing profile as Partner Center keeps it: the contact, culture and language, the company name on the
 * invoice, and the default address, whose country is the customer's billing country (it decides which offers the
 * customer may buy and cannot change).
 */
public record BillingProfile(String firstName, String lastName, String email, String culture, String language,
                             String companyName, Address defaultAddress) {

    public record Address(String country, String city, String state, String addressLine1, String addressLine2,
                          String postalCode, String firstName, String lastName, String phoneNumber) {
    }

    /** The profile of a customer created before profiles were kept: its company name and billing country only. */
    public static BillingProfile minimal(String companyName, String country) {
        return new BillingProfile(null, null, null, "en-US", "en", companyName,
                new Address(country, null, null, null, null, null, null, null, null));
    }
}
