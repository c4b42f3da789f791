package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.EndpointRules;
import com.cspmarket.kit.Roles;
import com.cspmarket.kit.TenantOwnership;
import com.cspmarket.subscription.subscription.query.SubscriptionProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import java.util.Optional;

/**
 * Who may use subscriptions: a partner's admin and sales agents, for the partner's own customers' subscriptions,
 * and operators. The activation link is the customer's: it needs no token, its own signed token authorises it.
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionAccess {

    @Bean
    EndpointRules subscriptionRules() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/v1/subscriptions/*/activation").permitAll()
                .requestMatchers(HttpMethod.POST, "/v1/subscriptions/*/activation").permitAll()
                .requestMatchers(HttpMethod.GET, "/v1/subscriptions/renewals")
                .hasAnyRole(Roles.ADMIN_AGENT, Roles.SALES_AGENT, Roles.BILLING_ADMIN, Roles.OPERATOR)
                .requestMatchers("/v1/customers/*/subscriptions", "/v1/customers/*/subscriptions/**")
                .hasAnyRole(Roles.ADMIN_AGENT, Roles.SALES_AGENT, Roles.OPERATOR);
    }

    @Bean
    TenantOwnership subscriptionOwnership(SubscriptionProjection subscriptions) {
        return (variable, value) -> switch (variable) {
            case "customerId" -> subscriptions.partnerOfCustomer(value);
            case "subscriptionId" -> subscriptions.partnerOf(value);
            default -> Optional.empty();
        };
    }
}
