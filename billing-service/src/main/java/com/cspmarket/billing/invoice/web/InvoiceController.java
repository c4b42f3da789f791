package com.cspmarket.billing.invoice.web;

import com.cspmarket.billing.invoice.query.ChargeLine;
import com.cspmarket.billing.invoice.query.IssuedInvoice;
import com.cspmarket.billing.invoice.query.InvoiceReadModel;
import com.cspmarket.billing.invoice.query.InvoiceView;
import com.cspmarket.kit.Caller;
import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.PartnerCenter.Collection;
import com.cspmarket.kit.PartnerCenter.Link;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Partner Center's invoice resources ({@link InvoiceResources}): {@code /v1/invoices}, {@code /v1/invoices/{id}} (the
 * id is the invoice number), its line items at {@code /v1/invoices/{id}/lineitems/{provider}/{type}} (offset pages) or
 * {@code /v1/invoices/{id}/lineitems?provider&invoicelineitemtype} (seek pages), the unbilled reconciliation line items
 * at {@code /v1/invoices/unbilled/lineitems}, and the CSV reconciliation file. Released invoices only; the invoices
 * closed but not yet released are listed, without content, at {@code /v1/invoices/issued}.
 */
@RestController
@RequestMapping("/v1/invoices")
@Validated
class InvoiceController {

    private static final String PARTNER = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int MAX_PAGE = 2000;

    private final InvoiceReadModel invoices;
    private final Clock clock;

    InvoiceController(InvoiceReadModel invoices, Clock clock) {
        this.invoices = invoices;
        this.clock = clock;
    }

    @GetMapping
    Collection<InvoiceResources.Invoice> list(@RequestParam(required = false) @Pattern(regexp = PARTNER) String partnerId) {
        return Collection.of(invoices.releasedFor(Caller.partnerFor(partnerId)).stream()
                .map(InvoiceResources::invoice).toList(), "/invoices");
    }

    /**
     * Invoices closed but not yet released (between the 1st and the 8th): that they exist and when they become
     * available, without their content ({@link IssuedInvoice}).
     */
    @GetMapping("/issued")
    Collection<IssuedInvoice> issued(@RequestParam(required = false) @Pattern(regexp = PARTNER) String partnerId) {
        return Collection.of(invoices.issuedFor(Caller.partnerFor(partnerId)), "/invoices/issued");
    }

    @GetMapping("/{invoiceId}")
    InvoiceResources.Invoice get(@PathVariable String invoiceId) {
        return InvoiceResources.invoice(released(invoiceId));
    }

    /** Partner Center's line items of an invoice by billing provider and line item type, a page of {@code size} from {@code offset}. */
    @GetMapping("/{invoiceId}/lineitems/{provider}/{invoiceLineItemType}")
    Collection<InvoiceResources.OneTimeInvoiceLineItem> lineItems(
            @PathVariable String invoiceId, @PathVariable String provider, @PathVariable String invoiceLineItemType,
            @RequestParam(defaultValue = "2000") @Min(1) @Max(MAX_PAGE) int size,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        requireOneTimeBillingLineItems(provider, invoiceLineItemType);
        InvoiceView invoice = released(invoiceId);
        LinePage page = page(invoice, offset, size);
        String path = "/invoices/" + invoice.invoiceNumber() + "/lineitems/OneTime/BillingLineItems";
        Link next = page.more() ? Link.get(path + "?size=" + size + "&offset=" + (offset + size)) : null;
        return Collection.of(page.items(), path + "?size=" + size + "&offset=" + offset, next);
    }

    /**
     * The same line items, read Partner Center's other way: {@code ?provider=onetime&invoicelineitemtype=billinglineitems
     * &size=N}, then {@code &seekOperation=Next} with the {@code MS-ContinuationToken} header of {@code links.next}.
     */
    @GetMapping("/{invoiceId}/lineitems")
    Collection<InvoiceResources.OneTimeInvoiceLineItem> seekLineItems(
            @PathVariable String invoiceId, @RequestParam String provider, @RequestParam String invoicelineitemtype,
            @RequestParam(defaultValue = "2000") @Min(1) @Max(MAX_PAGE) int size,
            @RequestParam(required = false) String seekOperation,
            @RequestHeader(value = "MS-ContinuationToken", required = false) String continuationToken) {
        requireOneTimeBillingLineItems(provider, invoicelineitemtype);
        InvoiceView invoice = released(invoiceId);
        int from = seekOperation == null ? 0 : invoiceOffset(seekOperation, continuationToken, invoice.invoiceNumber());
        LinePage page = page(invoice, from, size);
        String self = "/invoices/" + invoice.invoiceNumber() + "/lineitems?provider=onetime"
                + "&invoicelineitemtype=billinglineitems&size=" + size;
        String token = page.more() ? encode(invoice.invoiceNumber() + "|" + (from + size)) : null;
        return Collection.seek(page.items(), self, self + "&seekOperation=Next", token);
    }

    /**
     * Partner Center's unbilled reconciliation line items: a partner's charges in one currency on no invoice yet.
     * {@code period=current}: the open billing period (this calendar month, UTC, by the business clock);
     * {@code period=previous}: earlier months' charges still waiting for an invoice (a late charge, e.g. after the clock
     * jumped; a closed month's charges are on its invoice, issued on the 1st, readable from the 8th). Pages of
     * {@code size} (at most 2000); the next page with {@code seekOperation=Next} and the {@code MS-ContinuationToken}
     * header of {@code links.next}. Lines invoiced between two pages simply leave the list; none is read twice.
     */
    @GetMapping("/unbilled/lineitems")
    Collection<InvoiceResources.OneTimeInvoiceLineItem> unbilled(
            @RequestParam String provider, @RequestParam String invoicelineitemtype,
            @RequestParam @Pattern(regexp = "[A-Za-z]{3}") String currencycode,
            @RequestParam @Pattern(regexp = "(?i)current|previous") String period,
            @RequestParam(defaultValue = "2000") @Min(1) @Max(MAX_PAGE) int size,
            @RequestParam(required = false) String seekOperation,
            @RequestHeader(value = "MS-ContinuationToken", required = false) String continuationToken,
            @RequestParam(required = false) @Pattern(regexp = PARTNER) String partnerId) {
        requireOneTimeBillingLineItems(provider, invoicelineitemtype);
        String partner = Caller.partnerFor(partnerId);
        String currency = currencycode.toUpperCase(Locale.ROOT);
        boolean current = "current".equalsIgnoreCase(period);
        YearMonth thisMonth = YearMonth.from(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        String query = partner + "|" + currency + "|" + (current ? "current" : "previous");
        InvoiceReadModel.UnbilledPosition after = seekOperation == null ? null
                : unbilledPosition(seekOperation, continuationToken, query);
        List<ChargeLine> lines = invoices.unbilled(partner, currency, current ? thisMonth : null,
                current ? null : thisMonth, after, size + 1);
        List<ChargeLine> page = lines.subList(0, Math.min(size, lines.size()));
        String self = "/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems&currencycode="
                + currency + "&period=" + period.toLowerCase(Locale.ROOT) + "&size=" + size
                + (partnerId == null ? "" : "&partnerId=" + partnerId);
        String token = null;
        if (lines.size() > size) {
            ChargeLine last = page.get(page.size() - 1);
            token = encode(query + "|" + last.billingPeriod() + "|" + last.chargeStartDate() + "|" + last.chargeId());
        }
        return Collection.seek(page.stream().map(InvoiceResources::lineItem).toList(), self,
                self + "&seekOperation=Next", token);
    }

    /**
     * The reconciliation file: one CSV row per line item with everything needed to match it to the partner's own
     * records (charge type, subscription, order, publisher, unit price, quantity, amount, charge dates, provenance).
     */
    @GetMapping(value = "/{invoiceId}/lineitems.csv", produces = "text/csv;charset=UTF-8")
    ResponseEntity<String> lineItemsCsv(@PathVariable String invoiceId) {
        InvoiceView invoice = released(invoiceId);
        StringBuilder csv = new StringBuilder(String.join(",", "InvoiceNumber", "ChargeId", "ChargeType",
                "SubscriptionId", "CustomerId", "CustomerName", "OrderId", "ProductId", "ProductName", "Publisher",
                "SkuId", "SkuName", "AvailabilityId", "Quantity", "UnitPrice", "Subtotal", "TaxTotal",
                "TotalForCustomer", "Currency", "ChargeStartDate", "ChargeEndDate", "TermAndBillingCycle",
                "BillingPeriod", "SourceEventIds", "ReversesChargeId", "ProrationDays", "ProrationOfDays",
                "WhileSuspended"))
                .append("\r\n");
        for (ChargeLine c : invoices.lineItems(invoice.id())) {
            InvoiceResources.OneTimeInvoiceLineItem l = InvoiceResources.lineItem(c);
            csv.append(String.join(",", invoice.invoiceNumber(), c.chargeId(), l.chargeType(), c.subscriptionId(),
                    c.customerId(), quoted(nullable(c.customerName())), c.orderId(), c.offerId(),
                    quoted(c.offerName()), quoted(c.publisherName()), c.skuId(), quoted(nullable(c.skuName())),
                    nullable(c.market()), String.valueOf(c.quantity()), c.unitPrice().toPlainString(),
                    l.subtotal().toPlainString(), l.taxTotal().toPlainString(), l.totalForCustomer().toPlainString(),
                    c.currency(), c.chargeStartDate().toString(), c.chargeEndDate().toString(),
                    quoted(nullable(l.termAndBillingCycle())), c.billingPeriod(), String.join(" ", c.sourceEventIds()),
                    nullable(c.reversesChargeId()), nullable(c.prorationDays()), nullable(c.prorationOfDays()),
                    String.valueOf(c.whileSuspended())))
                    .append("\r\n");
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("invoice-" + invoice.invoiceNumber() + ".csv").build().toString())
                .body(csv.toString());
    }

    /** A page of a released invoice's lines (an invoice never changes: offsets are stable) and whether more follow. */
    private record LinePage(List<InvoiceResources.OneTimeInvoiceLineItem> items, boolean more) {
    }

    private LinePage page(InvoiceView invoice, int from, int size) {
        List<ChargeLine> all = invoices.lineItems(invoice.id());
        return new LinePage(all.stream().skip(from).limit(size).map(InvoiceResources::lineItem).toList(),
                (long) from + size < all.size());
    }

    private InvoiceView released(String invoiceNumber) {
        return invoices.released(invoiceNumber).orElseThrow(() -> BusinessException.notFound("invoice", invoiceNumber));
    }

    /** A SaaS marketplace bills one kind of line: one-time billing line items (any of Partner Center's spellings). */
    private static void requireOneTimeBillingLineItems(String provider, String type) {
        String p = provider.replace("_", "").toLowerCase(Locale.ROOT);
        String t = type.replace("_", "").toLowerCase(Locale.ROOT);
        if (!p.equals("onetime") || !t.equals("billinglineitems")) {
            throw new BusinessException("unsupported-line-items", HttpStatus.BAD_REQUEST, "this marketplace bills "
                    + "one-time billing line items only (provider OneTime, type BillingLineItems), not " + provider
                    + "/" + type);
        }
    }

    private static int invoiceOffset(String seekOperation, String token, String invoiceNumber) {
        String[] parts = decode(seekOperation, token, 2);
        if (!parts[0].equals(invoiceNumber) || !parts[1].matches("\\d{1,9}")) {
            throw invalidContinuation();
        }
        return Integer.parseInt(parts[1]);
    }

    /** A token names the query it continues (partner, currency, period): it continues no other. */
    private static InvoiceReadModel.UnbilledPosition unbilledPosition(String seekOperation, String token, String query) {
        String[] parts = decode(seekOperation, token, 6);
        if (!String.join("|", parts[0], parts[1], parts[2]).equals(query)) {
            throw invalidContinuation();
        }
        try {
            YearMonth.parse(parts[3]);
            return new InvoiceReadModel.UnbilledPosition(parts[3], LocalDate.parse(parts[4]), parts[5]);
        } catch (java.time.format.DateTimeParseException e) {
            throw invalidContinuation();
        }
    }

    private static String[] decode(String seekOperation, String token, int parts) {
        if (!"next".equalsIgnoreCase(seekOperation) || token == null || token.isBlank()) {
            throw new BusinessException("invalid-continuation", HttpStatus.BAD_REQUEST,
                    "seekOperation=Next needs the MS-ContinuationToken header of the previous page's links.next");
        }
        try {
            String[] split = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
            if (split.length != parts) {
                throw invalidContinuation();
            }
            return split;
        } catch (IllegalArgumentException e) {
            throw invalidContinuation();
        }
    }

    private static BusinessException invalidContinuation() {
        return new BusinessException("invalid-continuation", HttpStatus.BAD_REQUEST,
                "the MS-ContinuationToken is not one this API gave out");
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String nullable(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String quoted(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
