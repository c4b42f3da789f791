package com.cspmarket.order.customer.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.Caller;
import com.cspmarket.kit.ETags;
import com.cspmarket.kit.PartnerCenter.Collection;
import com.cspmarket.order.customer.api.CreateCustomer;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.api.UpdateBillingProfile;
import com.cspmarket.order.customer.query.CustomerProjection;
import com.cspmarket.order.customer.query.CustomerView;
import com.cspmarket.order.customer.web.CustomerResources.BillingProfileRequest;
import com.cspmarket.order.customer.web.CustomerResources.BillingProfileResource;
import com.cspmarket.order.customer.web.CustomerResources.CreateCustomerRequest;
import com.cspmarket.order.customer.web.CustomerResources.CustomerResource;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Partner Center's customers: create, read, list, and the billing profile ({@code /profiles/billing}). */
@RestController
@RequestMapping("/v1/customers")
@Validated
class CustomerController {

    private final CommandGateway commands;
    private final CustomerProjection customers;

    CustomerController(CommandGateway commands, CustomerProjection customers) {
        this.commands = commands;
        this.customers = customers;
    }

    @PostMapping
    ResponseEntity<CustomerResource> create(@Valid @RequestBody CreateCustomerRequest request) {
        CustomerId id = CustomerId.random();
        String domain = request.companyProfile() == null || request.companyProfile().domain() == null ? null
                : request.companyProfile().domain().toLowerCase(java.util.Locale.ROOT);
        commands.sendAndWait(new CreateCustomer(id, Caller.partnerFor(request.associatedPartnerId()), domain,
                request.billingProfile().toProfile()));
        return ResponseEntity.created(URI.create("/v1/customers/" + id)).body(CustomerResources.customer(find(id.value())));
    }

    @GetMapping("/{customerId}")
    CustomerResource get(@PathVariable String customerId) {
        return CustomerResources.customer(find(customerId));
    }

    @GetMapping
    Collection<CustomerResource> list(@RequestParam(required = false)
                                      @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String partnerId) {
        String partner = Caller.partnerFor(partnerId);
        return Collection.of(customers.forPartner(partner).stream().map(CustomerResources::customer).toList(),
                "/customers" + (partnerId == null ? "" : "?partnerId=" + partner));
    }

    @GetMapping("/{customerId}/profiles/billing")
    ResponseEntity<BillingProfileResource> billingProfile(@PathVariable String customerId) {
        CustomerView customer = find(customerId);
        return ResponseEntity.ok().eTag(String.valueOf(customer.version()))
                .body(CustomerResources.billingProfile(customer));
    }

    /**
     * Replaces the billing profile (everything but the country, which is fixed). The etag, from If-Match or the body's
     * {@code attributes.etag} as Partner Center clients send it, guards against overwriting someone else's change.
     */
    @PutMapping("/{customerId}/profiles/billing")
    ResponseEntity<BillingProfileResource> updateBillingProfile(
            @PathVariable String customerId, @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody BillingProfileRequest request) {
        find(customerId);
        Long expected = ETags.version(ifMatch != null ? ifMatch
                : request.attributes() == null ? null : request.attributes().etag());
        commands.sendAndWait(new UpdateBillingProfile(new CustomerId(customerId), request.toProfile(), expected));
        return billingProfile(customerId);
    }

    private CustomerView find(String customerId) {
        return customers.find(customerId).orElseThrow(() -> BusinessException.notFound("customer", customerId));
    }
}
