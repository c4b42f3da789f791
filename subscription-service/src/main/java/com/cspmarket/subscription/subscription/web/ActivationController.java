package com.cspmarket.subscription.subscription.web;

import com.cspmarket.kit.BusinessException;
import com.cspmarket.subscription.subscription.api.ActivateSubscription;
import com.cspmarket.subscription.subscription.api.SubscriptionId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * The activation link of an order line: following it (POST, with the link's token) activates the subscription;
 * its term starts then and billing begins. Following it again changes nothing.
 */
@RestController
@Validated
class ActivationController {

    private final CommandGateway commands;
    private final Clock clock;

    ActivationController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/v1/subscriptions/{subscriptionId}/activation")
    ResponseEntity<Void> activate(@PathVariable String subscriptionId,
                                  @RequestParam @NotBlank @Size(max = 100) String token) {
        SubscriptionId id;
        try {
            id = new SubscriptionId(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw BusinessException.notFound("subscription", subscriptionId);
        }
        try {
            commands.sendAndWait(new ActivateSubscription(id, token, clock.instant()));
        } catch (AggregateNotFoundException e) {
            throw BusinessException.notFound("subscription", subscriptionId);
        }
        return ResponseEntity.noContent().build();
    }
}
