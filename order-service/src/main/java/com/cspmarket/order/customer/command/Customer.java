package com.cspmarket.order.customer.command;

import com.cspmarket.order.customer.api.CreateCustomer;
import com.cspmarket.order.customer.api.CustomerCreated;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.kit.BusinessException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.util.Locale;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A partner's customer; its billing country decides which offers it may buy. */
@Aggregate
public class Customer {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @AggregateIdentifier
    private CustomerId customerId;

    protected Customer() {
    }

    @CommandHandler
    public Customer(CreateCustomer command) {
        if (!COUNTRIES.contains(command.billingCountry())) {
            throw new BusinessException("unknown-country", HttpStatus.UNPROCESSABLE_ENTITY,
                    "unknown billing country '" + command.billingCountry() + "' (ISO 3166-1 alpha-2 expected)");
        }
        apply(new CustomerCreated(command.customerId(), command.partnerId(), command.companyName(), command.billingCountry()));
    }

    @EventSourcingHandler
    void on(CustomerCreated event) {
        customerId = event.customerId();
    }
}
