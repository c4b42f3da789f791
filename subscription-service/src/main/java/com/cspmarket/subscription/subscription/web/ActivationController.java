package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import com.cspmarket.subscription.subscription.query.SubscriptionHistory;
import com.cspmarket.subscription.subscription.query.SubscriptionView;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * The activation link of an order line, the customer's: opened in a browser (GET) it shows what is being activated
 * (offer, SKU, quantity) with an "Activate" button, a form that POSTs to the same link; POST activates the
 * subscription (its term starts then and billing begins) and answers {@code 204}, or a page when a browser sent it.
 * Following it again changes nothing. An unknown link, a wrong token, a used or a cancelled one get a page that says
 * so (404 / 200 "already active" / 409), never a login prompt: the link's own token is its authorisation.
 */
@RestController
@Validated
class ActivationController {

    private final CommandGateway commands;
    private final Clock clock;
    private final SubscriptionHistory history;

    ActivationController(CommandGateway commands, Clock clock, SubscriptionHistory history) {
        this.commands = commands;
        this.clock = clock;
        this.history = history;
    }

    @GetMapping(value = "/v1/subscriptions/{subscriptionId}/activation", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String subscriptionId, @RequestParam(required = false) String token) {
        Optional<SubscriptionView> found = linked(subscriptionId, token);
        if (found.isEmpty()) {
            return html(HttpStatus.NOT_FOUND, "Activation link not valid", "<p>This activation link is not valid. "
                    + "Check that you opened the whole link from your order, or ask your partner for a new one.</p>");
        }
        SubscriptionView s = found.get();
        String what = "<dl><dt>Offer</dt><dd>" + esc(s.offerName()) + "</dd><dt>Publisher</dt><dd>"
                + esc(s.publisherName()) + "</dd><dt>Plan (SKU)</dt><dd>" + esc(s.skuId()) + "</dd><dt>Quantity</dt><dd>"
                + s.quantity() + "</dd><dt>Term</dt><dd>" + esc(s.termDuration()) + ", billed "
                + esc(s.billingCycle().toLowerCase(java.util.Locale.ROOT)) + "</dd></dl>";
        return switch (s.status()) {
            case "pending" -> html(HttpStatus.OK, "Activate your subscription", what
                    + "<form method=\"post\" action=\"" + esc(link(subscriptionId, token)) + "\">"
                    + "<button type=\"submit\">Activate</button></form>");
            case "active", "suspended" -> html(HttpStatus.OK, "Already active", what
                    + "<p>This subscription is already active (since " + s.commitmentStartDate()
                    + "). There is nothing more to do.</p>");
            default -> html(HttpStatus.CONFLICT, "Cannot be activated", what + "<p>This subscription is "
                    + esc(s.status()) + " and can no longer be activated.</p>");
        };
    }

    @PostMapping("/v1/subscriptions/{subscriptionId}/activation")
    ResponseEntity<String> activate(@PathVariable String subscriptionId,
                                    @RequestParam @NotBlank @Size(max = 100) String token,
                                    jakarta.servlet.http.HttpServletRequest request) {
        SubscriptionId id;
        try {
            id = new SubscriptionId(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw BusinessException.notFound("subscription", subscriptionId);
        }
        try {
            commands.sendAndWait(new ActivateSubscription(id, token, clock.instant()));
        } catch (AggregateNotFoundException e) {
            throw BusinessException.notFound("subscription", subscriptionId);
        }
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)) { // the page's form, in a browser
            return html(HttpStatus.OK, "Subscription activated", "<p>Your subscription is active. You can close this page.</p>");
        }
        return ResponseEntity.noContent().build();
    }

    /** The subscription the link points at, if the token is its own (compared in constant time). */
    private Optional<SubscriptionView> linked(String subscriptionId, String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        try {
            new SubscriptionId(subscriptionId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return history.activationToken(subscriptionId)
                .filter(own -> MessageDigest.isEqual(own.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8)))
                .flatMap(own -> history.current(subscriptionId));
    }

    private static String link(String subscriptionId, String token) {
        return "/v1/subscriptions/" + subscriptionId + "/activation?token="
                + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
                dt{font-weight:600}dd{margin:0 0 .5rem 0}button{font-size:1rem;padding:.5rem 1.5rem}</style>
                </head><body><main><h1>%s</h1>%s</main></body></html>
                """.formatted(esc(title), esc(title), body);
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .body(page);
    }
}
