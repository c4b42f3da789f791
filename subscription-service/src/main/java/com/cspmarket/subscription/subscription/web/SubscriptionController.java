package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.query.SubscriptionProjection;
import com.cspmarket.subscription.subscription.query.SubscriptionView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Partner Center shaped: /v1/customers/{customerId}/subscriptions. */
@RestController
@RequestMapping("/v1/customers/{customerId}/subscriptions")
class SubscriptionController {

    private final SubscriptionProjection subscriptions;

    SubscriptionController(SubscriptionProjection subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String customerId) {
        List<SubscriptionView> items = subscriptions.forCustomer(customerId);
        return Map.of("totalCount", items.size(), "items", items);
    }

    @GetMapping("/{subscriptionId}")
    SubscriptionView get(@PathVariable String customerId, @PathVariable String subscriptionId) {
        return subscriptions.find(customerId, subscriptionId)
                .orElseThrow(() -> BusinessException.notFound("subscription", subscriptionId));
    }
}
