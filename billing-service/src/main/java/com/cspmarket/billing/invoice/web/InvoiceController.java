package com.cspmarket.billing.invoice.web;

import com.cspmarket.billing.invoice.query.InvoiceLineItem;
import com.cspmarket.billing.invoice.query.InvoiceReadModel;
import com.cspmarket.billing.invoice.query.InvoiceView;
import com.cspmarket.kit.Caller;
import com.cspmarket.kit.BusinessException;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Partner Center shaped: /v1/invoices, /v1/invoices/{id}, /v1/invoices/{id}/lineitems. Released invoices only. */
@RestController
@RequestMapping("/v1/invoices")
@Validated
class InvoiceController {

    private final InvoiceReadModel invoices;

    InvoiceController(InvoiceReadModel invoices) {
        this.invoices = invoices;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String partnerId) {
        List<InvoiceView> items = invoices.releasedFor(Caller.partnerFor(partnerId));
        return Map.of("totalCount", items.size(), "items", items);
    }

    /**
     * Invoices closed but not yet released (between the 1st and the 8th): that they exist and when they become
     * available, without their content ({@link com.cspmarket.billing.invoice.query.IssuedInvoice}).
     */
    @GetMapping("/issued")
    Map<String, Object> issued(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String partnerId) {
        List<com.cspmarket.billing.invoice.query.IssuedInvoice> items = invoices.issuedFor(Caller.partnerFor(partnerId));
        return Map.of("totalCount", items.size(), "items", items);
    }

    /**
     * The unbilled preview: charges recorded but not yet on any invoice (the open period, and a late charge for a
     * closed month until the partner's next invoice takes it). A closed month's charges are on its issued invoice.
     */
    @GetMapping("/unbilled")
    Map<String, Object> unbilled(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String partnerId) {
        List<InvoiceLineItem> items = invoices.unbilled(Caller.partnerFor(partnerId));
        return Map.of("totalCount", items.size(), "items", items);
    }

    @GetMapping("/{invoiceId}")
    InvoiceView get(@PathVariable String invoiceId) {
        return invoices.released(invoiceId).orElseThrow(() -> BusinessException.notFound("invoice", invoiceId));
    }

    /**
     * The reconciliation file: one CSV row per line item with everything needed to match it to the partner's own
     * records (charge type, subscription, order, publisher, unit price, quantity, amount, charge dates, provenance).
     */
    @GetMapping(value = "/{invoiceId}/lineitems.csv", produces = "text/csv;charset=UTF-8")
    ResponseEntity<String> lineItemsCsv(@PathVariable String invoiceId) {
        InvoiceView invoice = invoices.released(invoiceId).orElseThrow(() -> BusinessException.notFound("invoice", invoiceId));
        StringBuilder csv = new StringBuilder(String.join(",", "InvoiceNumber", "ChargeId", "ChargeType",
                "SubscriptionId", "CustomerId", "OrderId", "OfferId", "OfferName", "Publisher", "SkuId", "Quantity",
                "UnitPrice", "Amount", "Currency", "ChargeStartDate", "ChargeEndDate", "BillingPeriod", "SourceEventIds",
                "ReversesChargeId", "ProrationDays", "ProrationOfDays", "WhileSuspended"))
                .append("\r\n");
        for (InvoiceLineItem l : invoices.lineItems(invoiceId)) {
            csv.append(String.join(",", invoice.invoiceNumber(), l.chargeId(), l.chargeType(), l.subscriptionId(),
                    l.customerId(), l.orderId(), l.offerId(), quoted(l.offerName()), quoted(l.publisherName()), l.skuId(),
                    String.valueOf(l.quantity()), l.unitPrice().toPlainString(), l.amount().toPlainString(), l.currency(),
                    l.chargeStartDate().toString(), l.chargeEndDate().toString(), l.billingPeriod(),
                    String.join(" ", l.sourceEventIds()), nullable(l.reversesChargeId()),
                    nullable(l.prorationDays()), nullable(l.prorationOfDays()), String.valueOf(l.whileSuspended())))
                    .append("\r\n");
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("invoice-" + invoice.invoiceNumber() + ".csv").build().toString())
                .body(csv.toString());
    }

    private static String nullable(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String quoted(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    @GetMapping("/{invoiceId}/lineitems")
    Map<String, Object> lineItems(@PathVariable String invoiceId) {
        invoices.released(invoiceId).orElseThrow(() -> BusinessException.notFound("invoice", invoiceId));
        List<InvoiceLineItem> items = invoices.lineItems(invoiceId);
        return Map.of("totalCount", items.size(), "items", items);
    }
}
