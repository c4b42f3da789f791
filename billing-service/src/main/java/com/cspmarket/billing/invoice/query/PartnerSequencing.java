package com.cspmarket.billing.invoice.query;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.invoice.api.InvoiceIssued;
import com.cspmarket.billing.invoice.api.InvoiceReleased;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * The billing projection's order: every event of one partner in one sequence. An invoice ({@link InvoiceIssued},
 * from the partner's {@code PartnerInvoicing}) takes the uninvoiced charges recorded before it, and those come from
 * other aggregates (each subscription's {@code BillingSubscription}); with several segments and the default
 * per-aggregate order, an invoice could be projected before the partner's earlier charges. Sequenced by partner,
 * one segment handles a partner's charges and invoices in stream order, and partners spread over the segments.
 * <p>Set before the processor is split: changing the policy of a processor whose segments are at different
 * positions could skip or repeat events.
 */
public final class PartnerSequencing implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        String partner = payload instanceof ChargeRecorded e ? e.partnerId()
                : payload instanceof PurchaseRecorded e ? e.partnerId()
                : payload instanceof InvoiceIssued e ? e.partnerId()
                : payload instanceof InvoiceReleased e ? e.partnerId()
                : null;
        return partner != null ? "partner:" + partner
                : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }
}
