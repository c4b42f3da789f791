package com.cspmarket.order.customer.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.order.customer.api.BillingProfile;
import com.cspmarket.order.customer.api.BillingProfileUpdated;
import com.cspmarket.order.customer.api.CreateCustomer;
import com.cspmarket.order.customer.api.CustomerCreated;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.api.UpdateBillingProfile;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.util.Locale;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A partner's customer; its billing country (the billing profile's address country) decides which offers it may
 * buy. As in Partner Center, the country is fixed once the customer exists; the rest of the profile may change.
 */
@Aggregate
public class Customer {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @AggregateIdentifier
    private CustomerId customerId;
    private String billingCountry;
    private BillingProfile billingProfile;

    protected Customer() {
    }

    @CommandHandler
    public Customer(CreateCustomer command) {
        String country = command.billingProfile().defaultAddress().country();
        if (!COUNTRIES.contains(country)) {
            throw new BusinessException("unknown-country", HttpStatus.UNPROCESSABLE_ENTITY,
                    "unknown billing country '" + country + "' (ISO 3166-1 alpha-2 expected)");
        }
        apply(new CustomerCreated(command.customerId(), command.partnerId(), command.billingProfile().companyName(),
                country, command.domain(), command.billingProfile()));
    }

    @CommandHandler
    void handle(UpdateBillingProfile command) {
        String country = command.billingProfile().defaultAddress().country();
        if (!billingCountry.equals(country)) {
            throw new BusinessException("billing-country-fixed", HttpStatus.UNPROCESSABLE_ENTITY,
                    "the billing country of a customer cannot change (it is " + billingCountry + ", not " + country
                            + "); create a customer in " + country + " instead");
        }
        if (!command.billingProfile().equals(billingProfile)) {
            apply(new BillingProfileUpdated(customerId, command.billingProfile()));
        }
    }

    @EventSourcingHandler
    void on(CustomerCreated event) {
        customerId = event.customerId();
        billingCountry = event.billingCountry();
        billingProfile = event.profile();
    }

    @EventSourcingHandler
    void on(BillingProfileUpdated event) {
        billingProfile = event.billingProfile();
    }
}
