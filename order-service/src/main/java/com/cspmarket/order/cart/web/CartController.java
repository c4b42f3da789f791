package com.cspmarket.order.cart.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.ETags;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CreateCart;
import com.cspmarket.order.cart.api.UpdateCart;
import com.cspmarket.order.cart.query.CartProjection;
import com.cspmarket.order.cart.query.CartView;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.query.CustomerProjection;
import com.cspmarket.order.orders.api.OrderLine;
import com.cspmarket.order.orders.api.PlaceOrder;
import com.cspmarket.order.orders.command.Checkout;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** Partner Center shaped carts: /v1/customers/{customerId}/carts and .../checkout. */
@RestController
@RequestMapping("/v1/customers/{customerId}/carts")
@org.springframework.validation.annotation.Validated
class CartController {

    record LineItemRequest(@NotBlank @Size(max = 64) String offerId, @NotBlank @Size(max = 64) String skuId,
                           @Min(1) @Max(1_000_000) int quantity,
                           @Pattern(regexp = "P1M|P1Y") String termDuration,
                           @Pattern(regexp = "MONTHLY|ANNUAL") String billingCycle) {
    }

    /** Partner Center's CartCheckoutResult: the orders placed and the errors of the order groups that were not. */
    record CheckoutResult(List<PlacedOrder> orders, List<Object> orderErrors) {
    }

    record PlacedOrder(String id, String referenceCustomerId, List<OrderLine> lineItems, Instant creationDate,
                       String status) {
    }

    record CreateCartRequest(@NotEmpty @Size(max = 50) List<@NotNull @Valid LineItemRequest> lineItems) {
    }

    private final CommandGateway commands;
    private final CartProjection carts;
    private final CustomerProjection customers;
    private final Checkout checkout;

    CartController(CommandGateway commands, CartProjection carts, CustomerProjection customers, Checkout checkout) {
        this.commands = commands;
        this.carts = carts;
        this.customers = customers;
        this.checkout = checkout;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> create(@PathVariable String customerId, @Valid @RequestBody CreateCartRequest request) {
        CustomerId customer = new CustomerId(customerId);
        customers.find(customerId).orElseThrow(() -> BusinessException.notFound("customer", customerId));
        CartId cartId = CartId.random();
        commands.sendAndWait(new CreateCart(cartId, customer, lines(request)));
        return ResponseEntity.created(URI.create("/v1/customers/" + customerId + "/carts/" + cartId))
                .body(Map.of("id", cartId.value()));
    }

    @GetMapping("/{cartId}")
    ResponseEntity<CartView> get(@PathVariable String customerId, @PathVariable String cartId) {
        CartView cart = find(customerId, cartId);
        return ResponseEntity.ok().eTag(String.valueOf(cart.version())).body(cart);
    }

    /** Replaces the cart's line items; If-Match (the cart's ETag) guards against overwriting someone else's change. */
    @PutMapping("/{cartId}")
    ResponseEntity<CartView> update(@PathVariable String customerId, @PathVariable String cartId,
                                    @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                    @Valid @RequestBody CreateCartRequest request) {
        find(customerId, cartId);
        commands.sendAndWait(new UpdateCart(new CartId(cartId), lines(request), ETags.version(ifMatch)));
        return get(customerId, cartId);
    }

    /**
     * Checks the cart out. Send the same {@code MS-RequestId} when retrying: the retry returns the order the first
     * attempt placed and creates nothing.
     */
    @PostMapping("/{cartId}/checkout")
    ResponseEntity<CheckoutResult> checkout(@PathVariable String customerId, @PathVariable String cartId,
                                                 @RequestHeader(name = "MS-RequestId", required = false)
                                                 @Size(max = 100) String requestId) {
        Checkout.Result result = checkout.checkout(new CustomerId(customerId), new CartId(cartId),
                requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId);
        PlaceOrder order = result.order();
        return ResponseEntity.created(URI.create("/v1/customers/" + customerId + "/orders/" + order.orderId()))
                .body(new CheckoutResult(List.of(new PlacedOrder(order.orderId().value(), customerId, order.lines(),
                        order.placedAt(), "pending")), List.of()));
    }

    private CartView find(String customerId, String cartId) {
        return carts.find(cartId).filter(c -> c.customerId().equals(customerId))
                .orElseThrow(() -> BusinessException.notFound("cart", cartId));
    }

    private static List<CartLine> lines(CreateCartRequest request) {
        return IntStream.range(0, request.lineItems().size())
                .mapToObj(i -> {
                    LineItemRequest l = request.lineItems().get(i);
                    return new CartLine(i + 1, l.offerId(), l.skuId(), l.quantity(), l.termDuration(), l.billingCycle());
                })
                .toList();
    }
}
