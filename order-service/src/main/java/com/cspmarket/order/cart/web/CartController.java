package com.cspmarket.order.cart.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.ETags;
import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CreateCart;
import com.cspmarket.order.cart.api.UpdateCart;
import com.cspmarket.order.cart.query.CartProjection;
import com.cspmarket.order.cart.query.CartView;
import com.cspmarket.order.cart.web.CartResources.CartRequest;
import com.cspmarket.order.cart.web.CartResources.CartResource;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.query.CustomerProjection;
import com.cspmarket.order.customer.query.CustomerView;
import com.cspmarket.order.orders.command.Checkout;
import com.cspmarket.order.orders.web.OrderResources;
import com.cspmarket.order.orders.web.OrderResources.CheckoutResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Partner Center's carts: create and replace answer the whole Cart (ETag = its version); checkout answers a
 * CartCheckoutResult with the Order it placed.
 */
@RestController
@RequestMapping("/v1/customers/{customerId}/carts")
@Validated
class CartController {

    private final CommandGateway commands;
    private final CartProjection carts;
    private final CustomerProjection customers;
    private final Checkout checkout;
    private final OrderResources orders;

    CartController(CommandGateway commands, CartProjection carts, CustomerProjection customers, Checkout checkout,
                   OrderResources orders) {
        this.commands = commands;
        this.carts = carts;
        this.customers = customers;
        this.checkout = checkout;
        this.orders = orders;
    }

    /** One transaction for the customer's check, the cart's creation and the answer read back (one commit). */
    @PostMapping
    @Transactional
    ResponseEntity<CartResource> create(@PathVariable String customerId, @Valid @RequestBody CartRequest request) {
        CustomerView customer = customer(customerId);
        CartId cartId = CartId.random();
        commands.sendAndWait(new CreateCart(cartId, new CustomerId(customerId), request.lines()));
        CartView cart = find(customerId, cartId.value());
        return ResponseEntity.created(URI.create("/v1/customers/" + customerId + "/carts/" + cartId))
                .eTag(String.valueOf(cart.version())).body(CartResources.cart(cart, customer.billingCountry()));
    }

    @GetMapping("/{cartId}")
    ResponseEntity<CartResource> get(@PathVariable String customerId, @PathVariable String cartId) {
        CustomerView customer = customer(customerId);
        CartView cart = find(customerId, cartId);
        return ResponseEntity.ok().eTag(String.valueOf(cart.version()))
                .body(CartResources.cart(cart, customer.billingCountry()));
    }

    /**
     * Replaces the cart's line items; If-Match (the cart's ETag) guards against overwriting someone else's change.
     */
    @PutMapping("/{cartId}")
    ResponseEntity<CartResource> update(@PathVariable String customerId, @PathVariable String cartId,
                                        @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                        @Valid @RequestBody CartRequest request) {
        find(customerId, cartId);
        commands.sendAndWait(new UpdateCart(new CartId(cartId), request.lines(), ETags.version(ifMatch)));
        return get(customerId, cartId);
    }

    /**
     * Checks the cart out. Send the same {@code MS-RequestId} when retrying: the retry returns the order the first
     * attempt placed and creates nothing. The order is placed and read back for the answer in one transaction.
     */
    @PostMapping("/{cartId}/checkout")
    @Transactional
    ResponseEntity<CheckoutResult> checkout(@PathVariable String customerId, @PathVariable String cartId,
                                            @RequestHeader(name = "MS-RequestId", required = false)
                                            @Size(max = 100) String requestId) {
        Checkout.Result result = checkout.checkout(new CustomerId(customerId), new CartId(cartId),
                requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId);
        String orderId = result.order().orderId().value();
        return ResponseEntity.created(URI.create("/v1/customers/" + customerId + "/orders/" + orderId))
                .body(new CheckoutResult(List.of(orders.order(customerId, orderId)), List.of()));
    }

    private CustomerView customer(String customerId) {
        return customers.find(customerId).orElseThrow(() -> BusinessException.notFound("customer", customerId));
    }

    private CartView find(String customerId, String cartId) {
        return carts.find(cartId).filter(c -> c.customerId().equals(customerId))
                .orElseThrow(() -> BusinessException.notFound("cart", cartId));
    }
}
