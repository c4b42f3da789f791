package com.cspmarket.order.orders.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.PartnerCenter.Attributes;
import com.cspmarket.kit.PartnerCenter.Link;
import com.cspmarket.order.orders.query.OrderProjection;
import com.cspmarket.order.orders.query.OrderView;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Partner Center's Order, OrderLineItem (with its {@code pricing} and links), order line item activation links and
 * provisioning status, read from order_view. An order line's {@code offerId} is the catalog item it bought
 * ({@code productId:skuId:availabilityId}), as in Partner Center's new commerce orders.
 */
@Component
public class OrderResources {

    /** Partner Center's pricing of an order line: the quoted unit price (no discounts or proration here). */
    public record Pricing(BigDecimal listPrice, BigDecimal discountedPrice, BigDecimal proratedPrice, BigDecimal price,
                          BigDecimal extendedPrice) {
    }

    public record OrderLineItem(int lineItemNumber, String offerId, String subscriptionId, String termDuration,
                                String transactionType, String friendlyName, int quantity, Pricing pricing,
                                Map<String, String> provisioningContext, Map<String, Link> links) {
    }

    public record Order(String id, String alternateId, String referenceCustomerId, String billingCycle,
                        String currencyCode, String currencySymbol, List<OrderLineItem> lineItems, Instant creationDate,
                        String status, String transactionType, BigDecimal totalPrice, Map<String, Link> links,
                        Attributes attributes) {
    }

    /** Partner Center's CartCheckoutResult: the orders placed and the errors of order groups that were not. */
    public record CheckoutResult(List<Order> orders, List<Object> orderErrors) {
    }

    public record ActivationLink(int lineItemNumber, Link link) {
    }

    public record QuantityProvisioning(int quantity, String status) {
    }

    /** Partner Center's CartError shape ({@code errorCode}, {@code errorDescription}), on a line that failed. */
    public record ProvisioningError(String errorCode, String errorDescription) {
    }

    /**
     * Partner Center's OrderLineItemProvisioningStatus: {@code fulfilled}, {@code prefulfillment_pending} while
     * subscription-service has not answered, {@code unfulfilled} when it refused the line (then {@code error} says
     * why: a platform extension in the shape of Partner Center's CartError).
     */
    public record ProvisioningStatus(int orderLineItemId, int lineItemNumber, String status,
                                     List<QuantityProvisioning> quantityProvisioningInformation, ProvisioningError error) {
    }

    private final OrderProjection orders;

    OrderResources(OrderProjection orders) {
        this.orders = orders;
    }

    public Order order(String customerId, String orderId) {
        return order(view(customerId, orderId));
    }

    public List<Order> orders(String customerId) {
        return orders.forCustomer(customerId).stream().map(OrderResources::order).toList();
    }

    public List<ActivationLink> activationLinks(String customerId, String orderId, Integer lineItemNumber) {
        OrderView view = view(customerId, orderId);
        if (lineItemNumber != null && view.lineItems().stream().noneMatch(l -> l.lineItemNumber() == lineItemNumber)) {
            throw BusinessException.notFound("order-line", orderId + "/" + lineItemNumber);
        }
        return view.lineItems().stream()
                .filter(l -> lineItemNumber == null || l.lineItemNumber() == lineItemNumber)
                .filter(l -> l.activationLink() != null)
                .map(l -> new ActivationLink(l.lineItemNumber(), Link.get(l.activationLink())))
                .toList();
    }

    public List<ProvisioningStatus> provisioningStatus(String customerId, String orderId) {
        return view(customerId, orderId).lineItems().stream().map(l -> {
            String status = switch (l.status()) {
                case "fulfilled" -> "fulfilled";
                case "failed" -> "unfulfilled";
                default -> "prefulfillment_pending";
            };
            return new ProvisioningStatus(l.lineItemNumber(), l.lineItemNumber(), status,
                    List.of(new QuantityProvisioning(l.quantity(), status)),
                    "failed".equals(l.status()) ? new ProvisioningError(l.failureReason(), l.failureDescription()) : null);
        }).toList();
    }

    private OrderView view(String customerId, String orderId) {
        return orders.find(customerId, orderId).orElseThrow(() -> BusinessException.notFound("order", orderId));
    }

    static Order order(OrderView view) {
        String base = "/customers/" + view.referenceCustomerId() + "/orders/" + view.id();
        List<OrderLineItem> lines = view.lineItems().stream().map(l -> line(view, base, l)).toList();
        Currency currency = view.lineItems().isEmpty() ? null : view.lineItems().get(0).quotedUnitPrice().currency();
        BigDecimal total = lines.stream().map(l -> l.pricing().extendedPrice()).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<String> cycles = view.lineItems().stream().map(l -> l.billingCycle().toLowerCase(Locale.ROOT)).distinct().toList();
        boolean allFailed = view.lineItems().stream().allMatch(l -> "failed".equals(l.status()));
        String status = "completed".equals(view.status()) && allFailed ? "cancelled" : view.status();
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.get(base));
        links.put("provisioningStatus", Link.get(base + "/provisioningstatus"));
        links.put("activationLinks", Link.get(base + "/activationlinks"));
        return new Order(view.id(), view.id(), view.referenceCustomerId(), cycles.size() == 1 ? cycles.get(0) : "unknown",
                currency == null ? null : currency.getCurrencyCode(),
                currency == null ? null : currency.getSymbol(Locale.US), lines, view.creationDate(), status,
                "UserPurchase", total, links, Attributes.versioned("Order", view.version()));
    }

    private static OrderLineItem line(OrderView order, String base, OrderView.Line l) {
        String availability = l.availabilityId() == null ? order.billingCountry() : l.availabilityId();
        String product = "/products/" + l.offerId();
        String country = "?country=" + availability;
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("product", Link.get(product + country));
        links.put("sku", Link.get(product + "/skus/" + l.skuId() + country));
        links.put("availability", Link.get(product + "/skus/" + l.skuId() + "/availabilities/" + availability + country));
        links.put("provisioningStatus", Link.get(base + "/provisioningstatus"));
        if (l.subscriptionId() != null) {
            links.put("subscription", Link.get("/customers/" + order.referenceCustomerId() + "/subscriptions/" + l.subscriptionId()));
            links.put("activationLinks", Link.get(base + "/lineitems/" + l.lineItemNumber() + "/activationlinks"));
        }
        BigDecimal unit = l.quotedUnitPrice().amount();
        BigDecimal extended = unit.multiply(BigDecimal.valueOf(l.quantity()))
                .setScale(l.quotedUnitPrice().currency().getDefaultFractionDigits());
        return new OrderLineItem(l.lineItemNumber(), l.offerId() + ":" + l.skuId() + ":" + availability,
                l.subscriptionId(), l.termDuration(), "New", l.friendlyName() != null ? l.friendlyName() : l.offerName(),
                l.quantity(), new Pricing(unit, unit, unit, unit, extended),
                l.provisioningContext() == null ? Map.of() : l.provisioningContext(), links);
    }
}
