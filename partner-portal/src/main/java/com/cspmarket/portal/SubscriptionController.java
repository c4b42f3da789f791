package com.cspmarket.portal;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription: its state (or its state as of any instant), the refund window counting down on the business
 * clock, and every change the API allows (auto-renew, cancel / undo, quantity, suspend / reinstate), each sent with
 * the version the user saw (If-Match) and the form's request id; its history as a timeline with cause and actor.
 */
@Controller
class SubscriptionController {

    /** What of an event's data the timeline shows: the facts a person asks about, not ids and secrets. */
    private static final List<String> SHOWN = List.of("quantity", "previousQuantity", "unitPrice", "previousUnitPrice",
            "currency", "refund", "termNumber", "autoRenewEnabled", "effectiveAt", "termEnd", "market", "billingCycle");

    private final Api api;

    SubscriptionController(Api api) {
        this.api = api;
    }

    @GetMapping("/customers/{customerId}/subscriptions/{subscriptionId}")
    String subscription(@PathVariable String customerId, @PathVariable String subscriptionId,
                        @RequestParam(required = false) String asOf, Model model) {
        Instant asOfInstant = null;
        if (MarketplaceController.notBlank(asOf)) {
            try {
                asOfInstant = LocalDateTime.parse(asOf).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                model.addAttribute("asOfError", "Enter a date and time (UTC), e.g. 2026-12-01T10:00");
            }
        }
        Api.Response read = asOfInstant == null
                ? api.read("/v1/customers/{c}/subscriptions/{s}", customerId, subscriptionId)
                : api.read("/v1/customers/{c}/subscriptions/{s}?asOf={t}", customerId, subscriptionId, asOfInstant);
        Map<String, Object> history = api.get("/v1/customers/{c}/subscriptions/{s}/history", customerId, subscriptionId);
        List<Map<String, Object>> events = new ArrayList<>();
        for (Object item : (List<?>) history.getOrDefault("items", List.of())) {
            @SuppressWarnings("unchecked") Map<String, Object> event = new JsonObject((Map<String, Object>) item);
            if (asOfInstant != null && Instant.parse(String.valueOf(event.get("occurredAt"))).isAfter(asOfInstant)) {
                continue;
            }
            Map<String, Object> facts = new LinkedHashMap<>();
            Map<?, ?> data = event.get("data") instanceof Map<?, ?> map ? map : Map.of();
            for (String name : SHOWN) {
                if (data.get(name) != null) {
                    facts.put(name, data.get(name));
                }
            }
            event.put("facts", facts);
            event.put("cause", data.get("reason") != null ? "reason: " + data.get("reason")
                    : data.get("orderId") != null && "SubscriptionPurchased".equals(event.get("type"))
                    ? "from order " + data.get("orderId") : null);
            events.add(event);
        }
        model.addAttribute("customer", api.get("/v1/customers/{id}", customerId));
        model.addAttribute("self", "/customers/" + customerId + "/subscriptions/" + subscriptionId);
        model.addAttribute("s", read.body());
        model.addAttribute("etag", read.headers().getETag());
        model.addAttribute("now", read.businessTime());
        model.addAttribute("asOf", asOfInstant == null ? null : asOf);
        model.addAttribute("events", events);
        return "subscription";
    }

    /** One change, as the API names it: {@code action} picks the patch; refusals come back next to the control. */
    @PostMapping("/customers/{customerId}/subscriptions/{subscriptionId}")
    String change(@PathVariable String customerId, @PathVariable String subscriptionId, @RequestParam String action,
                  @RequestParam(required = false) String quantity, @RequestParam(required = false) String etag,
                  @RequestParam String requestId, Model model, RedirectAttributes redirect) {
        Map<String, Object> patch = new LinkedHashMap<>();
        String done;
        switch (action) {
            case "auto-renew-on" -> { patch.put("autoRenewEnabled", true); done = "Auto-renew is on."; }
            case "auto-renew-off" -> { patch.put("autoRenewEnabled", false); done = "Auto-renew is off."; }
            case "cancel" -> { patch.put("status", "deleted"); done = "Cancellation sent."; }
            case "undo-cancel" -> { patch.put("autoRenewEnabled", true); done = "The scheduled cancellation is undone."; }
            case "suspend" -> { patch.put("status", "suspended"); done = "Suspended (billing continues)."; }
            case "reinstate" -> { patch.put("status", "active"); done = "Reinstated."; }
            case "quantity" -> {
                try {
                    patch.put("quantity", Integer.valueOf(quantity == null ? "" : quantity.strip()));
                } catch (NumberFormatException e) {
                    model.addAttribute("quantityError", "Enter the number of licenses as a whole number.");
                    return subscription(customerId, subscriptionId, null, model);
                }
                done = "Quantity change sent.";
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
        try {
            api.send(HttpMethod.PATCH, "/v1/customers/" + customerId + "/subscriptions/" + subscriptionId, patch,
                    requestId, etag);
        } catch (ApiProblem problem) {
            if ("quantity".equals(action)) {
                model.addAttribute("quantityError", problem.detail());
            } else {
                model.addAttribute("problem", problem);
            }
            return subscription(customerId, subscriptionId, null, model);
        }
        redirect.addFlashAttribute("flash", done);
        return "redirect:/customers/" + customerId + "/subscriptions/" + subscriptionId;
    }
}
