package com.cspmarket.order.orders.query;

import com.cspmarket.order.orders.api.Money;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An order, shaped after Partner Center's Order resource: {@code pending} until every line is settled, then
 * {@code completed}; each line carries its subscription and activation link once fulfilled, or why it failed.
 */
public record OrderView(String id, String referenceCustomerId, String partnerId, String cartId, String billingCountry,
                        List<Line> lineItems, Instant creationDate, String status, long version) {

    public record Line(int lineItemNumber, String offerId, String offerName, String publisherName, String skuId,
                       int quantity, String termDuration, String billingCycle, Money quotedUnitPrice, String status,
                       String subscriptionId, String activationLink, String failureReason, String failureDescription,
                       String availabilityId, String friendlyName, Map<String, String> provisioningContext) {

        Line fulfilled(String subscription, String link) {
            return new Line(lineItemNumber, offerId, offerName, publisherName, skuId, quantity, termDuration,
                    billingCycle, quotedUnitPrice, "fulfilled", subscription, link, null, null, availabilityId,
                    friendlyName, provisioningContext);
        }

        Line failed(String reason, String description) {
            return new Line(lineItemNumber, offerId, offerName, publisherName, skuId, quantity, termDuration,
                    billingCycle, quotedUnitPrice, "failed", null, null, reason, description, availabilityId,
                    friendlyName, provisioningContext);
        }
    }
}
