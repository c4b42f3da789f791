package com.cspmarket.billing.charge.api;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Billing learnt that the subscription was suspended or reinstated. Suspension does not stop billing (Partner Center:
 * the transacting partner continues to be billed); monthly cycles charged while suspended are marked as such.
 */
@Revision("1")
public record SuspensionRecorded(String subscriptionId, boolean suspended, Instant at, String sourceEventId) {
}
