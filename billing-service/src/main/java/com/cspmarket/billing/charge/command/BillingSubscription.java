package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.RecordPurchaseCharge;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What billing knows of one subscription: the charges it produced. A source event is billed at most once,
 * whatever Kafka redelivers.
 */
@Aggregate
public class BillingSubscription {

    @AggregateIdentifier
    private String subscriptionId;
    private final Set<String> billedSourceEvents = new HashSet<>();
    private int chargeCount;

    protected BillingSubscription() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordPurchaseCharge command) {
        if (billedSourceEvents.contains(command.sourceEventId()) || chargeCount > 0) {
            return; // already billed: the purchase charge exists once per subscription
        }
        LocalDate start = LocalDate.ofInstant(command.termStart(), ZoneOffset.UTC);
        LocalDate end = "MONTHLY".equals(command.billingCycle())
                ? start.plusMonths(1).minusDays(1)
                : LocalDate.ofInstant(command.termEnd(), ZoneOffset.UTC).minusDays(1);
        apply(new ChargeRecorded(command.subscriptionId() + ":1", command.subscriptionId(), command.partnerId(),
                command.customerId(), command.orderId(), command.offerId(), command.offerName(),
                command.publisherName(), command.skuId(), ChargeType.NEW, command.quantity(), command.unitPrice(),
                command.unitPrice().times(command.quantity()), start, end, YearMonth.from(start),
                List.of(command.sourceEventId())));
    }

    @EventSourcingHandler
    void on(ChargeRecorded event) {
        subscriptionId = event.subscriptionId();
        billedSourceEvents.addAll(event.sourceEventIds());
        chargeCount++;
    }
}
