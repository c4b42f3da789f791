package com.cspmarket.order.orders.web;

import com.cspmarket.order.customer.api.CustomerId;
import com.cspmarket.order.orders.api.LineError;
import com.cspmarket.order.orders.command.Checkout;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Customer-specific eligibility: could this customer buy this SKU today, and if not, why (every reason). */
@RestController
@RequestMapping("/v1/customers/{customerId}/eligibility")
@Validated
class EligibilityController {

    record Eligibility(String customerId, String offerId, String skuId, int quantity, boolean eligible,
                       List<LineError> failedRules) {
    }

    private final Checkout checkout;

    EligibilityController(Checkout checkout) {
        this.checkout = checkout;
    }

    @GetMapping
    Eligibility check(@PathVariable String customerId,
                      @RequestParam @NotBlank @Size(max = 64) String offerId,
                      @RequestParam @NotBlank @Size(max = 64) String skuId,
                      @RequestParam(defaultValue = "1") @Min(1) @Max(1_000_000) int quantity) {
        List<LineError> failed = checkout.eligibility(new CustomerId(customerId), offerId, skuId, quantity);
        return new Eligibility(customerId, offerId, skuId, quantity, failed.isEmpty(), failed);
    }
}
