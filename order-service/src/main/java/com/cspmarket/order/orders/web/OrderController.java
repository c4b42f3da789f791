package com.cspmarket.order.orders.web;

import com.cspmarket.kit.PartnerCenter.Collection;
import com.cspmarket.order.orders.web.OrderResources.ActivationLink;
import com.cspmarket.order.orders.web.OrderResources.Order;
import com.cspmarket.order.orders.web.OrderResources.ProvisioningStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Partner Center's orders of a customer, their provisioning status and activation links. */
@RestController
@RequestMapping("/v1/customers/{customerId}/orders")
class OrderController {

    private final OrderResources orders;

    OrderController(OrderResources orders) {
        this.orders = orders;
    }

    @GetMapping
    Collection<Order> list(@PathVariable String customerId) {
        return Collection.of(orders.orders(customerId), "/customers/" + customerId + "/orders");
    }

    @GetMapping("/{orderId}")
    Order get(@PathVariable String customerId, @PathVariable String orderId) {
        return orders.order(customerId, orderId);
    }

    @GetMapping("/{orderId}/provisioningstatus")
    Collection<ProvisioningStatus> provisioningStatus(@PathVariable String customerId, @PathVariable String orderId) {
        return Collection.of(orders.provisioningStatus(customerId, orderId),
                "/customers/" + customerId + "/orders/" + orderId + "/provisioningstatus");
    }

    /** The activation links of every fulfilled line of the order. */
    @GetMapping("/{orderId}/activationlinks")
    Collection<ActivationLink> activationLinks(@PathVariable String customerId, @PathVariable String orderId) {
        return Collection.of(orders.activationLinks(customerId, orderId, null),
                "/customers/" + customerId + "/orders/" + orderId + "/activationlinks");
    }

    /** The line's activation link once its subscription exists (an empty collection before). */
    @GetMapping("/{orderId}/lineitems/{lineItemNumber}/activationlinks")
    Collection<ActivationLink> lineActivationLinks(@PathVariable String customerId, @PathVariable String orderId,
                                                   @PathVariable int lineItemNumber) {
        return Collection.of(orders.activationLinks(customerId, orderId, lineItemNumber),
                "/customers/" + customerId + "/orders/" + orderId + "/lineitems/" + lineItemNumber + "/activationlinks");
    }
}
