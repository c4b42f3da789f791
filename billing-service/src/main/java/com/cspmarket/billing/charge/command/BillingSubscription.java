package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.charge.api.RecordCancellation;
import com.cspmarket.billing.charge.api.RecordActivation;
import com.cspmarket.billing.charge.api.RecordPurchase;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What billing knows of one subscription: its price and quantity from the purchase, and the charges it produced.
 * Billing starts at activation. Every fact is charged at most once, whatever Kafka redelivers.
 */
@Aggregate
public class BillingSubscription {

    @AggregateIdentifier
    private String subscriptionId;
    private PurchaseRecorded purchase;
    private int chargeCount;
    private final List<Money> charged = new ArrayList<>();
    private final Set<String> chargeSources = new LinkedHashSet<>();
    private boolean credited;

    protected BillingSubscription() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordPurchase c) {
        if (purchase != null) {
            return; // the purchase is known already
        }
        apply(new PurchaseRecorded(c.subscriptionId(), c.partnerId(), c.customerId(), c.orderId(), c.offerId(),
                c.offerName(), c.publisherName(), c.skuId(), c.quantity(), c.term(), c.billingCycle(), c.unitPrice(),
                c.sourceEventId()));
    }

    /** The first charge: one month for monthly billing, the whole term upfront for annual billing. */
    @CommandHandler
    void handle(RecordActivation command) {
        if (purchase == null) {
            // the purchase and its activation share a Kafka key, so the purchase always comes first
            throw new IllegalStateException("activation of " + command.subscriptionId() + " before its purchase");
        }
        if (chargeCount > 0) {
            return; // already charged
        }
        LocalDate start = LocalDate.ofInstant(command.termStart(), ZoneOffset.UTC);
        LocalDate end = "MONTHLY".equals(purchase.billingCycle())
                ? start.plusMonths(1).minusDays(1)
                : LocalDate.ofInstant(command.termEnd(), ZoneOffset.UTC).minusDays(1);
        apply(new ChargeRecorded(subscriptionId + ":1", subscriptionId, purchase.partnerId(), purchase.customerId(),
                purchase.orderId(), purchase.offerId(), purchase.offerName(), purchase.publisherName(),
                purchase.skuId(), ChargeType.NEW, purchase.quantity(), purchase.unitPrice(),
                purchase.unitPrice().times(purchase.quantity()), start, end, YearMonth.from(start),
                List.of(purchase.sourceEventId(), command.sourceEventId())));
    }

    /**
     * A cancellation inside the window refunds in full: one CANCEL_CREDIT line of minus everything charged so far,
     * in the month of the cancellation. Nothing was charged (cancelled before activation): nothing to credit.
     */
    @CommandHandler
    void handle(RecordCancellation command) {
        if (purchase == null || credited || charged.isEmpty() || !"FULL".equals(command.refund())) {
            return;
        }
        Money total = charged.stream().reduce(Money::plus).orElseThrow();
        LocalDate on = LocalDate.ofInstant(command.cancelledAt(), ZoneOffset.UTC);
        List<String> sources = new ArrayList<>(chargeSources);
        sources.add(command.sourceEventId());
        apply(new ChargeRecorded(subscriptionId + ":" + (chargeCount + 1), subscriptionId, purchase.partnerId(),
                purchase.customerId(), purchase.orderId(), purchase.offerId(), purchase.offerName(),
                purchase.publisherName(), purchase.skuId(), ChargeType.CANCEL_CREDIT, purchase.quantity(),
                purchase.unitPrice().negate(), total.negate(), on, on, YearMonth.from(on), sources));
    }

    @EventSourcingHandler
    void on(PurchaseRecorded event) {
        subscriptionId = event.subscriptionId();
        purchase = event;
    }

    @EventSourcingHandler
    void on(ChargeRecorded event) {
        chargeCount++;
        if (event.chargeType() == ChargeType.CANCEL_CREDIT) {
            credited = true;
        } else {
            charged.add(event.amount());
            chargeSources.addAll(event.sourceEventIds());
        }
    }
}
