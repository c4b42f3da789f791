package com.cspmarket.billing.invoice.web;

import com.cspmarket.billing.invoice.query.InvoiceReadModel;
import com.cspmarket.kit.EndpointRules;
import com.cspmarket.kit.Roles;
import com.cspmarket.kit.TenantOwnership;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/** Who may read invoices and unbilled charges: a partner's billing admins, their own partner's only, and operators. */
@Configuration(proxyBeanMethods = false)
class InvoiceAccess {

    @Bean
    EndpointRules invoiceRules() {
        return requests -> requests.requestMatchers("/v1/invoices", "/v1/invoices/**")
                .hasAnyRole(Roles.BILLING_ADMIN, Roles.OPERATOR);
    }

    @Bean
    TenantOwnership invoiceOwnership(InvoiceReadModel invoices) {
        return (variable, value) -> "invoiceId".equals(variable) ? invoices.partnerOf(value) : Optional.empty();
    }
}
