package com.cspmarket.billing.charge.command;

import com.cspmarket.billing.charge.api.ChargeDueCycles;
import com.cspmarket.billing.charge.api.ChargeRecorded;
import com.cspmarket.billing.charge.api.ChargeType;
import com.cspmarket.billing.charge.api.Money;
import com.cspmarket.billing.charge.api.PurchaseRecorded;
import com.cspmarket.billing.charge.api.RecordCancellation;
import com.cspmarket.billing.charge.api.RecordActivation;
import com.cspmarket.billing.charge.api.RecordPurchase;
import com.cspmarket.billing.charge.api.RecordQuantityIncrease;
import com.cspmarket.billing.charge.api.RecordRenewal;
import com.cspmarket.billing.charge.api.RecordSuspension;
import com.cspmarket.billing.charge.api.SuspensionRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What billing knows of one subscription: its price and quantity, the term being billed and the charges it produced.
 * Billing starts at activation; each renewal charges a new term at its own price; a term billed monthly is charged
 * month by month as the business clock reaches each month; added seats are charged pro rata.
 * Every fact is charged at most once, whatever Kafka redelivers or re-publishes (each charge names its source events,
 * and a source already charged is ignored).
 */
@Aggregate
public class BillingSubscription {

    @AggregateIdentifier
    private String subscriptionId;
    private PurchaseRecorded purchase;
    private int chargeCount;
    private LocalDate termStart;
    private int monthsCharged;
    private int quantity;
    private Money unitPrice;
    /** What the current term was charged so far, each charge as recorded (a cancellation credits each of them). */
    private final List<ChargeRecorded> termCharges = new ArrayList<>();
    private final Set<String> termSources = new LinkedHashSet<>();
    private final Set<String> allSources = new LinkedHashSet<>();
    private boolean credited;
    private boolean suspended;
    /** The trace the purchase was recorded in (the checkout's), for the first charge's link to it. */
    private String purchaseTrace;

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
                c.sourceEventId(), c.details()));
    }

    /**
     * The first charge: one month for monthly billing, the whole term upfront for annual billing. Caused by the
     * activation (its trace) and by the purchase: the charge links to the checkout's trace.
     */
    @CommandHandler
    void handle(RecordActivation command) {
        requirePurchase(command.subscriptionId());
        if (chargeCount > 0) {
            return; // already charged
        }
        LocalDate start = utcDate(command.termStart());
        apply(charge(ChargeType.NEW, purchase.quantity(), purchase.unitPrice(),
                purchase.unitPrice().times(purchase.quantity()), start, firstCycleEnd(start, command.termEnd()),
                List.of(purchase.sourceEventId(), command.sourceEventId()), null, null),
                purchaseTrace == null ? org.axonframework.messaging.MetaData.emptyInstance()
                        : org.axonframework.messaging.MetaData.with(com.cspmarket.kit.Traces.TRACELINKS, purchaseTrace));
    }

    /**
     * A renewal is charged like a first term at the renewal's price and quantity, in the month the new term starts.
     * A renewal of a term already billed (redelivered, re-published, or older than the current term) changes nothing.
     */
    @CommandHandler
    void handle(RecordRenewal command) {
        requirePurchase(command.subscriptionId());
        LocalDate start = utcDate(command.termStart());
        if (termStart == null || allSources.contains(command.sourceEventId()) || !start.isAfter(termStart)) {
            return;
        }
        chargeCyclesStartedBy(start.minusDays(1)); // every month of the old term is owed before the new one starts
        apply(charge(ChargeType.RENEW, command.quantity(), command.unitPrice(),
                command.unitPrice().times(command.quantity()), start, firstCycleEnd(start, command.termEnd()),
                List.of(command.sourceEventId()), null, null));
    }

    /**
     * Added seats are charged from the UTC day of the increase to the end of the billing cycle it falls in (the
     * term, or the month of a monthly-billed annual term), pro rata by days and rounded once (see
     * {@link Money#prorated}). The day of the increase counts in full.
     */
    @CommandHandler
    void handle(RecordQuantityIncrease command) {
        requirePurchase(command.subscriptionId());
        if (termStart == null || allSources.contains(command.sourceEventId())
                || !utcDate(command.termStart()).equals(termStart) || command.toQuantity() <= quantity) {
            return; // not yet active, already charged, of an earlier term, or already in force (a copy under a new id)
        }
        int added = command.toQuantity() - command.fromQuantity();
        LocalDate day = utcDate(command.effectiveAt());
        chargeCyclesStartedBy(day); // months that began before the increase are owed at the old quantity
        LocalDate cycleStart = utcDate(command.termStart());
        LocalDate cycleEnd = utcDate(command.termEnd()); // exclusive
        if (monthlyCyclesOfALongerTerm()) {
            long months = ChronoUnit.MONTHS.between(cycleStart, day);
            while (!cycleStart.plusMonths(months + 1).isAfter(day)) {
                months++; // from 31 Jan, 28 Feb starts month 2 although less than a calendar month has passed
            }
            cycleEnd = cycleStart.plusMonths(months + 1);
            cycleStart = cycleStart.plusMonths(months);
        }
        long days = Math.max(0, ChronoUnit.DAYS.between(day, cycleEnd));
        long ofDays = ChronoUnit.DAYS.between(cycleStart, cycleEnd);
        apply(charge(ChargeType.QUANTITY_CHANGE, added, command.unitPrice(),
                command.unitPrice().prorated(added, days, ofDays), day,
                days == 0 ? day : cycleEnd.minusDays(1), List.of(command.sourceEventId()), null,
                new ChargeRecorded.Proration(days, ofDays)));
    }

    /** Charges the months of the current term that started by {@code today}; nothing for other billing cycles. */
    @CommandHandler
    void handle(ChargeDueCycles command) {
        requirePurchase(command.subscriptionId());
        chargeCyclesStartedBy(command.today());
    }

    private void chargeCyclesStartedBy(LocalDate day) {
        if (termStart == null || credited || !monthlyCyclesOfALongerTerm()) {
            return;
        }
        LocalDate termEnd = termStart.plus(termLength());
        for (LocalDate month = termStart.plusMonths(monthsCharged);
             !month.isAfter(day) && month.isBefore(termEnd);
             month = termStart.plusMonths(monthsCharged)) {
            List<String> sources = new ArrayList<>(termSources); // the facts that set this term's price and seats
            apply(charge(ChargeType.CYCLE, quantity, unitPrice, unitPrice.times(quantity), month,
                    termStart.plusMonths(monthsCharged + 1).minusDays(1), sources, null, null));
        }
    }

    /** The length of a term (P1Y), from the purchase. */
    private Period termLength() {
        return Period.parse(purchase.term());
    }

    /**
     * A cancellation inside the window refunds the current term in full: one CANCEL_CREDIT line per charge of the term
     * (its first charge or renewal, every month of it charged, every seat increase), each with that charge's quantity,
     * unit price and amount negated and its proration, naming the charge it reverses, in the month of the
     * cancellation. Nothing was charged (cancelled before activation, or never activated): nothing to credit.
     */
    @CommandHandler
    void handle(RecordCancellation command) {
        if (purchase == null || credited || termCharges.isEmpty() || !"FULL".equals(command.refund())) {
            return;
        }
        LocalDate on = utcDate(command.cancelledAt());
        for (ChargeRecorded reversed : List.copyOf(termCharges)) {
            List<String> sources = new ArrayList<>(reversed.sourceEventIds());
            sources.add(command.sourceEventId());
            apply(charge(ChargeType.CANCEL_CREDIT, reversed.quantity(), reversed.unitPrice().negate(),
                    reversed.amount().negate(), on, on, sources, reversed.chargeId(), reversed.proration()));
        }
    }

    /** Suspension does not stop billing; it is remembered so that monthly cycles charged meanwhile say so. */
    @CommandHandler
    void handle(RecordSuspension command) {
        requirePurchase(command.subscriptionId());
        if (command.suspended() != suspended && !allSources.contains(command.sourceEventId())) {
            apply(new SuspensionRecorded(subscriptionId, command.suspended(), command.at(), command.sourceEventId()));
        }
    }

    private ChargeRecorded charge(ChargeType type, int quantity, Money unitPrice, Money amount, LocalDate start,
                                  LocalDate end, List<String> sources, String reverses, ChargeRecorded.Proration proration) {
        return new ChargeRecorded(subscriptionId + ":" + (chargeCount + 1), subscriptionId, purchase.partnerId(),
                purchase.customerId(), purchase.orderId(), purchase.offerId(), purchase.offerName(),
                purchase.publisherName(), purchase.skuId(), type, quantity, unitPrice, amount, start, end,
                YearMonth.from(start), sources, reverses, proration,
                type == ChargeType.CYCLE && suspended ? Boolean.TRUE : null);
    }

    /** The last day (inclusive) charged by a term's first charge: the whole term, or its first month. */
    private LocalDate firstCycleEnd(LocalDate start, Instant termEnd) {
        return monthlyCyclesOfALongerTerm() ? start.plusMonths(1).minusDays(1) : utcDate(termEnd).minusDays(1);
    }

    private boolean monthlyCyclesOfALongerTerm() {
        return "MONTHLY".equals(purchase.billingCycle()) && !"P1M".equals(purchase.term());
    }

    private void requirePurchase(String id) {
        if (purchase == null) {
            // the purchase and everything after it share a Kafka key, so the purchase always comes first
            throw new IllegalStateException("a fact about " + id + " arrived before its purchase");
        }
    }

    private static LocalDate utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    @EventSourcingHandler
    void on(PurchaseRecorded event, org.axonframework.messaging.MetaData metaData) {
        purchaseTrace = metaData.get(com.cspmarket.kit.Traces.TRACEPARENT) instanceof String trace ? trace : null;
        subscriptionId = event.subscriptionId();
        purchase = event;
        quantity = event.quantity();
        unitPrice = event.unitPrice();
    }

    @EventSourcingHandler
    void on(SuspensionRecorded event) {
        suspended = event.suspended();
        allSources.add(event.sourceEventId());
    }

    @EventSourcingHandler
    void on(ChargeRecorded event) {
        chargeCount++;
        allSources.addAll(event.sourceEventIds());
        switch (event.chargeType()) {
            case CANCEL_CREDIT -> credited = true;
            case CYCLE -> {
                monthsCharged++;
                termCharges.add(event);
            }
            case NEW, RENEW -> {
                termStart = event.chargeStart();
                monthsCharged = 1;
                quantity = event.quantity();
                unitPrice = event.unitPrice();
                termCharges.clear();
                termSources.clear();
                termCharges.add(event);
                termSources.addAll(event.sourceEventIds());
            }
            case QUANTITY_CHANGE -> {
                quantity += event.quantity();
                termCharges.add(event);
                termSources.addAll(event.sourceEventIds());
            }
        }
    }
}
