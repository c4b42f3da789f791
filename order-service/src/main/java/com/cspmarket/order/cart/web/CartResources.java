package com.cspmarket.order.cart.web;

import com.cspmarket.kit.PartnerCenter.Attributes;
import com.cspmarket.kit.PartnerCenter.Link;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.query.CartView;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Partner Center's Cart and CartLineItem, and the request that creates or replaces a cart (the same shape: a client
 * may send back the cart it read). Line items are numbered by their position, from 0; a billing cycle is spelled as
 * Partner Center spells it ({@code monthly}, {@code annual}), in any case.
 */
final class CartResources {

    private CartResources() {
    }

    static final String CATALOG_ITEM_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[A-Za-z]{2}";

    record CartLineItemRequest(@NotBlank @Pattern(regexp = CATALOG_ITEM_ID,
            message = "must be a catalogItemId productId:skuId:availabilityId from /v1/products/{productId}/skus/{skuId}/availabilities")
                               String catalogItemId,
                               @Size(max = 200) String friendlyName,
                               @Min(1) @Max(1_000_000) int quantity,
                               @Pattern(regexp = "(?i)monthly|annual", message = "must be monthly or annual")
                               String billingCycle,
                               @Pattern(regexp = "P1M|P1Y", message = "must be P1M or P1Y") String termDuration,
                               @Size(max = 20) Map<@NotBlank @Size(max = 100) String, @NotNull @Size(max = 1000) String>
                                       provisioningContext) {
    }

    record CartRequest(@NotEmpty @Size(max = 50) List<@NotNull @Valid CartLineItemRequest> lineItems) {

        List<CartLine> lines() {
            return IntStream.range(0, lineItems.size()).mapToObj(i -> {
                CartLineItemRequest l = lineItems.get(i);
                String[] id = l.catalogItemId().split(":");
                return new CartLine(i, id[0], id[1], l.quantity(), l.termDuration(),
                        l.billingCycle() == null ? null : l.billingCycle().toUpperCase(Locale.ROOT),
                        id[2].toUpperCase(Locale.ROOT), l.friendlyName(),
                        l.provisioningContext() == null || l.provisioningContext().isEmpty() ? null : l.provisioningContext());
            }).toList();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CartLineItem(int id, String catalogItemId, String friendlyName, int quantity, String billingCycle,
                        String termDuration, Map<String, String> provisioningContext, String orderGroup) {
    }

    record CartResource(String id, Instant creationTimestamp, Instant lastModifiedTimestamp, String status,
                        List<CartLineItem> lineItems, Map<String, Link> links, Attributes attributes) {
    }

    /** @param billingCountry the availability of lines from before carts named one */
    static CartResource cart(CartView cart, String billingCountry) {
        List<CartLineItem> lines = cart.lineItems().stream().map(l -> new CartLineItem(l.lineNumber(),
                l.offerId() + ":" + l.skuId() + ":" + (l.availabilityId() == null ? billingCountry : l.availabilityId()),
                l.friendlyName(), l.quantity(), l.billingCycle() == null ? null : l.billingCycle().toLowerCase(Locale.ROOT),
                l.termDuration(), l.provisioningContext() == null ? Map.of() : l.provisioningContext(), "0")).toList();
        return new CartResource(cart.id(), cart.creationTimestamp(), cart.lastModifiedTimestamp(),
                cart.orderId() == null ? "Active" : "Ordered", lines,
                Map.of("self", Link.get("/customers/" + cart.customerId() + "/carts/" + cart.id())),
                Attributes.versioned("Cart", cart.version()));
    }
}
