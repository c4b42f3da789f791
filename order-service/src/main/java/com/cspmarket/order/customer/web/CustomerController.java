package com.cspmarket.order.customer.web;

import com.cspmarket.order.customer.api.CreateCustomer;
import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.customer.query.CustomerProjection;
import com.cspmarket.order.customer.query.CustomerView;
import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/v1/customers")
@Validated
class CustomerController {

    /** {@code partnerId} may be left out by a partner's user (it is theirs); an operator names it. */
    record CreateCustomerRequest(@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String partnerId,
                                 @NotBlank @Size(max = 200) String companyName,
                                 @NotBlank @Pattern(regexp = "[A-Z]{2}") String billingCountry) {
    }

    private final CommandGateway commands;
    private final CustomerProjection customers;

    CustomerController(CommandGateway commands, CustomerProjection customers) {
        this.commands = commands;
        this.customers = customers;
    }

    @PostMapping
    ResponseEntity<Map<String, String>> create(@Valid @RequestBody CreateCustomerRequest request) {
        CustomerId id = CustomerId.random();
        commands.sendAndWait(new CreateCustomer(id, Caller.partnerFor(request.partnerId()), request.companyName(),
                request.billingCountry()));
        return ResponseEntity.created(URI.create("/v1/customers/" + id)).body(Map.of("id", id.value()));
    }

    @GetMapping("/{customerId}")
    CustomerView get(@PathVariable String customerId) {
        return customers.find(customerId).orElseThrow(() -> BusinessException.notFound("customer", customerId));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String partnerId) {
        List<CustomerView> items = customers.forPartner(Caller.partnerFor(partnerId));
        return Map.of("totalCount", items.size(), "items", items);
    }
}
