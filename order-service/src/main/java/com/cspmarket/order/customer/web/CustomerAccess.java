package com.cspmarket.order.customer.web;

import com.cspmarket.kit.EndpointRules;
import com.cspmarket.kit.Roles;
import com.cspmarket.kit.TenantOwnership;
import com.cspmarket.order.customer.query.CustomerProjection;
import com.cspmarket.order.customer.query.CustomerView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/**
 * Who may use customers, carts, orders and eligibility: a partner's admin and sales agents, for the partner's own
 * customers only (everything below {@code /v1/customers/{customerId}} belongs to the customer's partner), and
 * operators. Billing admins do not place orders.
 */
@Configuration(proxyBeanMethods = false)
class CustomerAccess {

    @Bean
    EndpointRules customerRules() {
        return requests -> requests.requestMatchers("/v1/customers", "/v1/customers/**")
                .hasAnyRole(Roles.ADMIN_AGENT, Roles.SALES_AGENT, Roles.OPERATOR);
    }

    @Bean
    TenantOwnership customerOwnership(CustomerProjection customers) {
        return (variable, value) -> "customerId".equals(variable)
                ? customers.find(value).map(CustomerView::partnerId)
                : Optional.empty();
    }
}
