package com.cspmarket.order.customer.command;

import com.cspmarket.order.customer.api.CreateCustomer;
import com.cspmarket.order.customer.api.CustomerCreated;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.kit.BusinessException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class CustomerTest {

    AggregateTestFixture<Customer> fixture = new AggregateTestFixture<>(Customer.class);

    @Test
    void createsACustomerBilledInACountry() {
        CustomerId id = new CustomerId("c-1");
        fixture.givenNoPriorActivity()
                .when(new CreateCustomer(id, "partner-1", "Adatum", "DE"))
                .expectEvents(new CustomerCreated(id, "partner-1", "Adatum", "DE"));
    }

    @Test
    void cannotBeBilledInAnUnknownCountry() {
        fixture.givenNoPriorActivity()
                .when(new CreateCustomer(new CustomerId("c-1"), "partner-1", "Adatum", "XX"))
                .expectException(BusinessException.class)
                .expectNoEvents();
    }
}
