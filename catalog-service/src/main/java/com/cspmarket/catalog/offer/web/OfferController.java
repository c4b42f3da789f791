package com.cspmarket.catalog.offer.web;

import com.cspmarket.catalog.offer.query.OfferDetails;
import com.cspmarket.catalog.offer.query.OfferReadModel;
import com.cspmarket.catalog.offer.query.OfferSummary;
import com.cspmarket.kit.BusinessException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

@RestController
@RequestMapping("/v1/offers")
@Validated
class OfferController {

    private final CommandGateway commands;
    private final OfferReadModel offers;

    OfferController(CommandGateway commands, OfferReadModel offers) {
        this.commands = commands;
        this.offers = offers;
    }

    /** Publishes an offer on behalf of its ISV (an operator action). */
    @PostMapping
    ResponseEntity<Void> publish(@Valid @RequestBody PublishOfferRequest request) {
        commands.sendAndWait(request.toCommand());
        return ResponseEntity.created(URI.create("/v1/offers/" + request.offerId())).build();
    }

    @GetMapping
    OfferReadModel.Page<OfferSummary> list(@RequestParam(defaultValue = "0") @Min(0) int page,
                                           @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return offers.list(page, size);
    }

    @GetMapping("/{offerId}")
    OfferDetails get(@PathVariable String offerId) {
        return offers.find(offerId).orElseThrow(() -> BusinessException.notFound("offer", offerId));
    }
}
