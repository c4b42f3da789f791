package com.cspmarket.order.orders.web;

import com.cspmarket.order.orders.query.OrderProjection;
import com.cspmarket.order.orders.query.OrderView;
import com.cspmarket.kit.BusinessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/v1/customers/{customerId}/orders")
class OrderController {

    private final OrderProjection orders;

    OrderController(OrderProjection orders) {
        this.orders = orders;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String customerId) {
        List<OrderView> items = orders.forCustomer(customerId);
        return Map.of("totalCount", items.size(), "items", items);
    }

    @GetMapping("/{orderId}")
    OrderView get(@PathVariable String customerId, @PathVariable String orderId) {
        return orders.find(customerId, orderId).orElseThrow(() -> BusinessException.notFound("order", orderId));
    }
}
