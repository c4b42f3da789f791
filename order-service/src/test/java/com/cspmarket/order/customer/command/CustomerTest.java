package com.cspmarket.order.customer.command;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.order.customer.api.BillingProfile;
import com.cspmarket.order.customer.api.BillingProfileUpdated;
import com.cspmarket.order.customer.api.CreateCustomer;
import com.cspmarket.order.customer.api.CustomerCreated;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.api.UpdateBillingProfile;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class CustomerTest {

    static final CustomerId ID = new CustomerId("c-1");
    static final BillingProfile GERMAN = profile("ap@adatum.example", "DE");

    AggregateTestFixture<Customer> fixture = new AggregateTestFixture<>(Customer.class);

    static BillingProfile profile(String email, String country) {
        return new BillingProfile("Ada", "Tum", email, "de-DE", "de", "Adatum",
                new BillingProfile.Address(country, "Berlin", null, "Unter den Linden 1", null, "10117", "Ada", "Tum", null));
    }

    @Test
    void createsACustomerBilledInACountry() {
        fixture.givenNoPriorActivity()
                .when(new CreateCustomer(ID, "partner-1", "adatum.onmicrosoft.com", GERMAN))
                .expectEvents(new CustomerCreated(ID, "partner-1", "Adatum", "DE", "adatum.onmicrosoft.com", GERMAN));
    }

    @Test
    void cannotBeBilledInAnUnknownCountry() {
        fixture.givenNoPriorActivity()
                .when(new CreateCustomer(ID, "partner-1", null, profile("ap@adatum.example", "XX")))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void theBillingProfileChangesButNotItsCountry() {
        BillingProfile changed = profile("billing@adatum.example", "DE");
        fixture.given(new CustomerCreated(ID, "partner-1", "Adatum", "DE", null, GERMAN))
                .when(new UpdateBillingProfile(ID, changed, null))
                .expectEvents(new BillingProfileUpdated(ID, changed));
        fixture.given(new CustomerCreated(ID, "partner-1", "Adatum", "DE", null, GERMAN))
                .when(new UpdateBillingProfile(ID, GERMAN, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(new CustomerCreated(ID, "partner-1", "Adatum", "DE", null, GERMAN))
                .when(new UpdateBillingProfile(ID, profile("ap@adatum.example", "US"), null))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }

    @Test
    void aCustomerFromBeforeProfilesHasTheMinimalOne() {
        BillingProfile minimal = BillingProfile.minimal("Adatum", "DE");
        fixture.given(new CustomerCreated(ID, "partner-1", "Adatum", "DE", null, null))
                .when(new UpdateBillingProfile(ID, minimal, null))
                .expectNoEvents();
    }
}
