package com.cspmarket.portal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Billing, for billing admins (the API refuses anyone else; the menu hides it): invoices, an invoice with its line
 * items and totals, its CSV; the charges not yet invoiced this month; the renewals of the next 30 days at their new
 * prices.
 */
@Controller
class BillingController {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int LINES_PER_PAGE = 200;

    private final Api api;

    BillingController(Api api) {
        this.api = api;
    }

    @GetMapping("/billing")
    String billing(@RequestParam(defaultValue = "USD") String currency, Model model) {
        model.addAttribute("invoices", api.items("/v1/invoices"));
        model.addAttribute("issued", api.items("/v1/invoices/issued"));
        String code = currency.strip().toUpperCase(java.util.Locale.ROOT);
        if (!CURRENCY.matcher(code).matches()) {
            model.addAttribute("currencyError", "Enter a three-letter currency code, e.g. USD");
            model.addAttribute("unbilled", List.of());
        } else {
            List<Map<String, Object>> unbilled = new ArrayList<>(api.items(
                    "/v1/invoices/unbilled/lineitems?provider=onetime&invoicelineitemtype=billinglineitems"
                            + "&currencycode={c}&period=current&size=500", code));
            model.addAttribute("unbilled", unbilled);
            model.addAttribute("unbilledTotal", unbilled.stream()
                    .map(l -> new BigDecimal(String.valueOf(l.get("totalForCustomer"))))
                    .reduce(BigDecimal.ZERO, BigDecimal::add));
        }
        model.addAttribute("currency", code);
        model.addAttribute("renewals", api.get("/v1/subscriptions/renewals?days=30"));
        return "billing";
    }

    @GetMapping("/billing/invoices/{invoiceId}")
    String invoice(@PathVariable String invoiceId, @RequestParam(defaultValue = "0") int offset, Model model) {
        Map<String, Object> invoice = api.get("/v1/invoices/{id}", invoiceId);
        Map<String, Object> lines = api.get("/v1/invoices/{id}/lineitems/OneTime/BillingLineItems?size={s}&offset={o}",
                invoiceId, LINES_PER_PAGE, Math.max(0, offset));
        model.addAttribute("invoice", invoice);
        model.addAttribute("lines", lines.get("items"));
        model.addAttribute("offset", Math.max(0, offset));
        model.addAttribute("pageSize", LINES_PER_PAGE);
        model.addAttribute("hasNext", lines.get("links") instanceof Map<?, ?> links && links.get("next") != null);
        return "invoice";
    }

    @GetMapping("/billing/invoices/{invoiceId}.csv")
    ResponseEntity<byte[]> csv(@PathVariable String invoiceId) {
        ResponseEntity<byte[]> file = api.download(api.uri("/v1/invoices/{id}/lineitems.csv", invoiceId),
                MediaType.parseMediaType("text/csv"));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        String disposition = file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION);
        headers.set(HttpHeaders.CONTENT_DISPOSITION, disposition != null ? disposition
                : "attachment; filename=\"invoice-" + invoiceId + ".csv\"");
        return ResponseEntity.ok().headers(headers).body(file.getBody());
    }
}
