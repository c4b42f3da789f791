package com.cspmarket.order.orders.command;

import com.cspmarket.order.cart.api.CartId;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CheckOutCart;
import com.cspmarket.order.cart.query.CartProjection;
import com.cspmarket.order.cart.query.CartView;
import com.cspmarket.order.catalog.query.CatalogItem;
import com.cspmarket.order.catalog.query.CatalogReadModel;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.query.CustomerProjection;
import com.cspmarket.order.customer.query.CustomerView;
import com.cspmarket.order.orders.api.LineError;
import com.cspmarket.order.orders.api.LineRejectionReason;
import com.cspmarket.order.orders.api.Money;
import com.cspmarket.order.orders.api.OrderId;
import com.cspmarket.order.orders.api.OrderLine;
import com.cspmarket.order.orders.api.OrderPlaced;
import com.cspmarket.order.orders.api.PlaceOrder;
import com.cspmarket.kit.BusinessException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Checks a cart's lines against order-service's own catalog read model and the customer's billing country,
 * quotes today's price (UTC) for each line, then checks the cart out and places the order in one transaction.
 */
@Component
public class Checkout {

    private final CommandGateway commands;
    private final CartProjection carts;
    private final CustomerProjection customers;
    private final CatalogReadModel catalog;
    private final Clock clock;
    private final EventStore events;

    Checkout(CommandGateway commands, CartProjection carts, CustomerProjection customers, CatalogReadModel catalog,
             Clock clock, EventStore events) {
        this.events = events;
        this.commands = commands;
        this.carts = carts;
        this.customers = customers;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** What a checkout placed; {@code retried} when the request id had checked this cart out before. */
    public record Result(PlaceOrder order, boolean retried) {
    }

    /**
     * Checks the cart out. A retry with the same {@code requestId} returns the order the first attempt placed and
     * creates nothing; concurrent checkouts of one cart place one order (the other gets a conflict), and a cart
     * changed after its lines were read for pricing is a conflict too ({@code cart-changed}): check it out again.
     */
    @Transactional
    public Result checkout(CustomerId customerId, CartId cartId, String requestId) {
        CustomerView customer = customers.find(customerId.value())
                .orElseThrow(() -> BusinessException.notFound("customer", customerId.value()));
        CartView cart = carts.find(cartId.value())
                .filter(c -> c.customerId().equals(customerId.value()))
                .orElseThrow(() -> BusinessException.notFound("cart", cartId.value()));
        if (cart.orderId() != null) {
            OrderId existing = commands.sendAndWait(new CheckOutCart(cartId, new OrderId(cart.orderId()), requestId, null));
            return new Result(placedOrder(existing), true);
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        List<LineError> errors = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        for (CartLine line : cart.lineItems()) {
            price(line, customer.billingCountry(), today, errors).ifPresent(lines::add);
        }
        if (!errors.isEmpty()) {
            throw new CheckoutRejected(errors);
        }
        OrderId orderId = OrderId.random();
        PlaceOrder order = new PlaceOrder(orderId, cartId, customerId, customer.partnerId(), customer.billingCountry(),
                lines, now, customer.companyName(), customer.domain());
        OrderId checkedOutInto;
        try {
            checkedOutInto = commands.sendAndWait(new CheckOutCart(cartId, orderId, requestId, cart.version()));
        } catch (ConflictingAggregateVersionException e) {
            throw new BusinessException("cart-changed", HttpStatus.CONFLICT, "cart " + cartId.value()
                    + " changed while it was checked out (now version " + e.getActualVersion()
                    + "); check it out again");
        }
        if (!checkedOutInto.equals(orderId)) {
            return new Result(placedOrder(checkedOutInto), true);
        }
        commands.sendAndWait(order);
        return new Result(order, false);
    }

    /** The order as it was placed, read from its own first event. */
    private PlaceOrder placedOrder(OrderId orderId) {
        OrderPlaced placed = events.readEvents(orderId.value()).asStream()
                .map(m -> m.getPayload())
                .filter(OrderPlaced.class::isInstance).map(OrderPlaced.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " has no OrderPlaced event"));
        return new PlaceOrder(placed.orderId(), placed.cartId(), placed.customerId(), placed.partnerId(),
                placed.billingCountry(), placed.lines(), placed.placedAt(), placed.customerName(),
                placed.customerDomainName());
    }

    /**
     * Whether this customer could order {@code quantity} of the SKU today: every rule checkout applies, each failing
     * one with its reason code; nothing is changed.
     */
    public List<LineError> eligibility(CustomerId customerId, String offerId, String skuId, int quantity) {
        CustomerView customer = customers.find(customerId.value())
                .orElseThrow(() -> BusinessException.notFound("customer", customerId.value()));
        List<LineError> errors = new ArrayList<>();
        price(new CartLine(0, offerId, skuId, quantity, null, null, null, null, null), customer.billingCountry(),
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), errors);
        return List.copyOf(errors);
    }

    private Optional<OrderLine> price(CartLine line, String country, LocalDate today, List<LineError> errors) {
        Optional<CatalogItem> found = catalog.find(line.offerId(), line.skuId(), country, today);
        if (found.isEmpty()) {
            boolean offerKnown = catalog.offerExists(line.offerId());
            errors.add(new LineError(line.lineNumber(),
                    offerKnown ? LineRejectionReason.SKU_NOT_FOUND : LineRejectionReason.OFFER_NOT_FOUND,
                    offerKnown ? "offer " + line.offerId() + " has no SKU " + line.skuId()
                            : "no offer " + line.offerId() + " in the catalog"));
            return Optional.empty();
        }
        CatalogItem item = found.get();
        int before = errors.size();
        if (item.withdrawn()) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.OFFER_WITHDRAWN,
                    item.offerName() + " was withdrawn from the catalog"));
        }
        if (!"SaaS".equalsIgnoreCase(item.offerType())) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.NOT_SAAS,
                    item.offerName() + " is " + item.offerType() + "; only SaaS offers can be purchased"));
        }
        if (!item.offeredToCspPartners()) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.NOT_OFFERED_TO_CSP_PARTNERS,
                    item.offerName() + " is not offered to CSP partners by its publisher"));
        }
        if (!item.countries().contains(country)) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.COUNTRY_NOT_SUPPORTED,
                    item.offerName() + " is not available in the customer's billing country " + country));
        }
        if (line.availabilityId() != null && !line.availabilityId().equals(country)) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.AVAILABILITY_NOT_IN_CUSTOMER_COUNTRY,
                    "catalog item " + line.offerId() + ":" + line.skuId() + ":" + line.availabilityId()
                            + " is the availability for " + line.availabilityId() + "; the customer is billed in "
                            + country + " (use " + line.offerId() + ":" + line.skuId() + ":" + country + ")"));
        }
        if (line.termDuration() != null && !line.termDuration().equals(item.term())) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.TERM_NOT_SUPPORTED,
                    "SKU " + item.skuId() + " has term " + item.term() + ", not " + line.termDuration()));
        }
        if (line.billingCycle() != null && !line.billingCycle().equals(item.billingCycle())) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.BILLING_CYCLE_NOT_SUPPORTED,
                    "SKU " + item.skuId() + " is billed " + item.billingCycle().toLowerCase(java.util.Locale.ROOT) + ", not "
                            + line.billingCycle().toLowerCase(java.util.Locale.ROOT)));
        }
        if (line.quantity() < item.minQuantity() || line.quantity() > item.maxQuantity()) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.QUANTITY_OUT_OF_RANGE,
                    "quantity " + line.quantity() + " is outside " + item.minQuantity() + ".." + item.maxQuantity()));
        }
        if (item.price().isEmpty()) {
            errors.add(new LineError(line.lineNumber(), LineRejectionReason.NO_PRICE_IN_MARKET,
                    item.offerName() + " has no price for market " + country + " on " + today));
        }
        if (errors.size() > before) {
            return Optional.empty();
        }
        CatalogItem.Price price = item.price().orElseThrow();
        return Optional.of(new OrderLine(line.lineNumber(), item.offerId(), item.offerName(), item.publisherName(),
                item.skuId(), line.quantity(), item.term(), item.billingCycle(),
                new Money(price.unitPrice().stripTrailingZeros(), Currency.getInstance(price.currency())), country,
                line.friendlyName(), line.provisioningContext(), item.skuName(), item.publisherId()));
    }
}
