package com.cspmarket.order.customer.api;

import org.axonframework.serialization.Revision;

/**
 * Revision 2 added {@code domain} and {@code billingProfile}; a revision 1 event reads them as null (its profile is
 * {@link BillingProfile#minimal} of its company name and country).
 */
@Revision("2")
public record CustomerCreated(CustomerId customerId, String partnerId, String companyName, String billingCountry,
                              String domain, BillingProfile billingProfile) {

    public BillingProfile profile() {
        return billingProfile != null ? billingProfile : BillingProfile.minimal(companyName, billingCountry);
    }
}
