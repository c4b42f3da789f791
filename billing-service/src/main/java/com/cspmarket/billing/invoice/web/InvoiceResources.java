package com.cspmarket.billing.invoice.web;

import com.cspmarket.billing.invoice.query.ChargeLine;
import com.cspmarket.billing.invoice.query.InvoiceView;
import com.cspmarket.kit.PartnerCenter.Attributes;
import com.cspmarket.kit.PartnerCenter.Link;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Billing in Partner Center's shapes: the Invoice resource (one invoice detail: the one-time billing line items, the
 * only kind a SaaS marketplace has) and the OneTimeInvoiceLineItem, for billed and unbilled lines alike.
 * <p>
 * Charge types, in Partner Center's vocabulary for one-time (new commerce) line items:
 * NEW -> {@code new} (first charge at activation), RENEW -> {@code renew} (a renewed term's first charge),
 * CYCLE -> {@code cycleCharge} (a later month of a term billed monthly), QUANTITY_CHANGE -> {@code addQuantity}
 * (added seats, prorated), CANCEL_CREDIT -> {@code cancelImmediate} (the full refund of one charge of the term,
 * cancelled inside its window). No tax is computed on this platform: {@code taxTotal} is 0 and
 * {@code totalForCustomer} equals {@code subtotal}; prices are in the billing currency ({@code pcToBCExchangeRate} 1).
 * Besides Partner Center's fields each line carries {@code platform}: the charge's id, its billing period, the charge it
 * reverses, its proration parts, whether it was charged while suspended, and its provenance (the integration events
 * that produced it and the billing event that recorded it).
 */
final class InvoiceResources {

    static final String ONE_TIME = "one_time";
    static final String BILLING_LINE_ITEMS = "billing_line_items";

    private InvoiceResources() {
    }

    record InvoiceDetail(String invoiceLineItemType, String billingProvider, Map<String, Link> links,
                         Attributes attributes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Invoice(String id, Instant invoiceDate, Instant billingPeriodStartDate, Instant billingPeriodEndDate,
                   BigDecimal totalCharges, BigDecimal paidAmount, String currencyCode, String currencySymbol,
                   String pdfDownloadLink, List<InvoiceDetail> invoiceDetails, String documentType, String invoiceType,
                   List<Object> amendments, Map<String, Link> links, Attributes attributes) {
    }

    record Proration(int days, int ofDays) {
    }

    record Provenance(List<String> sourceEventIds, String recordedEventId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Platform(String chargeId, String billingPeriod, String reversesChargeId, Proration proration,
                    boolean whileSuspended, Provenance provenance) {
    }

    /** Partner Center's OneTimeInvoiceLineItem, plus {@code platform}. */
    record OneTimeInvoiceLineItem(String partnerId, String customerId, String customerName, String customerDomainName,
                                  String customerCountry, String invoiceNumber, String orderId, Instant orderDate,
                                  String productId, String skuId, String availabilityId, String productName,
                                  String skuName, String chargeType, BigDecimal unitPrice,
                                  BigDecimal effectiveUnitPrice, String unitType, int quantity,
                                  BigDecimal billableQuantity, BigDecimal subtotal, BigDecimal taxTotal,
                                  BigDecimal totalForCustomer, String currency, String pricingCurrency,
                                  BigDecimal pcToBCExchangeRate, String publisherName, String publisherId,
                                  String subscriptionDescription, String subscriptionId, Instant chargeStartDate,
                                  Instant chargeEndDate, String termAndBillingCycle, String billingFrequency,
                                  String invoiceLineItemType, String billingProvider, Platform platform,
                                  Attributes attributes) {
    }

    static Invoice invoice(InvoiceView v) {
        String self = "/invoices/" + v.invoiceNumber();
        InvoiceDetail detail = new InvoiceDetail(BILLING_LINE_ITEMS, ONE_TIME,
                Map.of("self", Link.get(self + "/lineitems/OneTime/BillingLineItems")),
                Attributes.of("InvoiceDetail"));
        return new Invoice(v.invoiceNumber(), v.invoiceDate(), startOfDay(v.billingPeriodStartDate()),
                startOfDay(v.billingPeriodEndDate()), v.totalCharges(),
                BigDecimal.ZERO.setScale(v.totalCharges().scale()), v.currencyCode(), symbol(v.currencyCode()), null,
                List.of(detail), "invoice", "OneTime", List.of(), Map.of("self", Link.get(self)),
                Attributes.of("Invoice"));
    }

    static OneTimeInvoiceLineItem lineItem(ChargeLine c) {
        String chargeType = switch (c.chargeType()) {
            case "NEW" -> "new";
            case "RENEW" -> "renew";
            case "CYCLE" -> "cycleCharge";
            case "QUANTITY_CHANGE" -> "addQuantity";
            case "CANCEL_CREDIT" -> "cancelImmediate";
            default -> throw new IllegalStateException("unknown charge type " + c.chargeType());
        };
        BigDecimal taxTotal = BigDecimal.ZERO.setScale(c.amount().scale());
        Platform platform = new Platform(c.chargeId(), c.billingPeriod(), c.reversesChargeId(),
                c.prorationDays() == null ? null : new Proration(c.prorationDays(), c.prorationOfDays()),
                c.whileSuspended(), new Provenance(c.sourceEventIds(), c.recordedEventId()));
        return new OneTimeInvoiceLineItem(c.partnerId(), c.customerId(), c.customerName(), c.customerDomainName(),
                c.market(), c.invoiceNumber(), c.orderId(), c.orderDate(), c.offerId(), c.skuId(), c.market(),
                c.offerName(), c.skuName(), chargeType, c.unitPrice(), c.unitPrice(), "license", c.quantity(),
                BigDecimal.valueOf(c.quantity()), c.amount(), taxTotal, c.amount(), c.currency(), c.currency(),
                BigDecimal.ONE, c.publisherName(), c.publisherId(),
                c.friendlyName() != null ? c.friendlyName() : c.offerName(), c.subscriptionId(),
                startOfDay(c.chargeStartDate()), startOfDay(c.chargeEndDate()),
                termAndBillingCycle(c.term(), c.billingCycle()),
                c.billingCycle() == null ? null : c.billingCycle().toLowerCase(Locale.ROOT), BILLING_LINE_ITEMS,
                ONE_TIME, platform, Attributes.of("OneTimeInvoiceLineItem"));
    }

    /** Partner Center's wording of a term and its billing plan, e.g. "One-Year commitment for monthly billing". */
    static String termAndBillingCycle(String term, String billingCycle) {
        if (term == null || billingCycle == null) {
            return null;
        }
        String commitment = switch (term) {
            case "P1M" -> "One-Month";
            case "P1Y" -> "One-Year";
            case "P3Y" -> "Three-Year";
            default -> term;
        };
        String billing = "ANNUAL".equals(billingCycle) ? "yearly" : billingCycle.toLowerCase(Locale.ROOT);
        return commitment + " commitment for " + billing + " billing";
    }

    private static Instant startOfDay(LocalDate day) {
        return day == null ? null : day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static String symbol(String currency) {
        return Currency.getInstance(currency).getSymbol(Locale.US);
    }
}
