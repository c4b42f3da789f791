package com.cspmarket.catalog.offer.web;

import com.cspmarket.kit.EndpointRules;
import com.cspmarket.kit.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use the catalog: every partner user and operator reads it (offers, prices, price lists); only the
 * platform's operators publish, reprice, change availability and withdraw. The catalog holds no partner's data.
 */
@Configuration(proxyBeanMethods = false)
class CatalogAccess {

    @Bean
    EndpointRules catalogRules() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/v1/offers", "/v1/offers/**", "/v1/products", "/v1/products/**",
                        "/v1/price-list", "/v1/price-changes")
                .hasAnyRole(Roles.ADMIN_AGENT, Roles.SALES_AGENT, Roles.BILLING_ADMIN, Roles.OPERATOR)
                .requestMatchers("/v1/offers", "/v1/offers/**").hasRole(Roles.OPERATOR);
    }
}
