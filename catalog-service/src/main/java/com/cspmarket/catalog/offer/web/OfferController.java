package com.cspmarket.catalog.offer.web;

import com.cspmarket.catalog.offer.api.ChangeOfferAvailability;
import com.cspmarket.catalog.offer.api.ChangeSkuPrice;
import com.cspmarket.catalog.offer.api.Money;
import com.cspmarket.catalog.offer.api.OfferId;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.api.WithdrawOffer;
import com.cspmarket.catalog.offer.query.CatalogViews.Availability;
import com.cspmarket.catalog.offer.query.CatalogViews.Eligibility;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferDetails;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferSummary;
import com.cspmarket.catalog.offer.query.CatalogViews.Page;
import com.cspmarket.catalog.offer.query.CatalogViews.PricePoint;
import com.cspmarket.catalog.offer.query.OfferReadModel;
import com.cspmarket.catalog.offer.query.OfferSearch;
import com.cspmarket.kit.BusinessException;
import com.cspmarket.kit.ETags;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
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

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** The marketplace catalog: browse, search and inspect offers; operators publish and maintain them. */
@RestController
@RequestMapping("/v1/offers")
@Validated
class OfferController {

    record ChangePriceRequest(@NotNull @Pattern(regexp = "[A-Z]{2}") String market,
                              @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal unitPrice,
                              @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                              @NotNull LocalDate effectiveFrom) {
    }

    record ChangeAvailabilityRequest(@NotEmpty @Size(max = 250) List<@NotNull @Pattern(regexp = "[A-Z]{2}") String> countries) {
    }

    record WithdrawRequest(@Size(max = 500) String reason) {
    }

    private final CommandGateway commands;
    private final OfferReadModel offers;
    private final Clock clock;

    OfferController(CommandGateway commands, OfferReadModel offers, Clock clock) {
        this.commands = commands;
        this.offers = offers;
        this.clock = clock;
    }

    /** Publishes an offer on behalf of its ISV (an operator action). */
    @PostMapping
    ResponseEntity<Void> publish(@Valid @RequestBody PublishOfferRequest request) {
        commands.sendAndWait(request.toCommand(today()));
        return ResponseEntity.created(URI.create("/v1/offers/" + request.offerId())).build();
    }

    @GetMapping
    Page<OfferSummary> search(@RequestParam(required = false) @Size(max = 200) String q,
                              @RequestParam(required = false) OfferType type,
                              @RequestParam(required = false) @Size(max = 80) String category,
                              @RequestParam(required = false) PublisherKind publisherKind,
                              @RequestParam(required = false) String country,
                              @RequestParam(defaultValue = "false") boolean includeWithdrawn,
                              @RequestParam(defaultValue = "name") String sort,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        OfferSearch.Sort order = OfferSearch.Sort.parse(sort).orElseThrow(() -> new BusinessException("invalid-sort",
                HttpStatus.BAD_REQUEST, "sort must be one of " + OfferSearch.Sort.parameters()));
        return offers.search(new OfferSearch(q, type, category, publisherKind, Countries.require(country),
                includeWithdrawn, order, page, size));
    }

    /** The categories and countries on the shelf with their numbers of offers (a browser's filter choices). */
    @GetMapping("/facets")
    com.cspmarket.catalog.offer.query.CatalogViews.Facets facets() {
        return offers.facets();
    }

    @GetMapping("/{offerId}")
    ResponseEntity<OfferDetails> get(@PathVariable String offerId,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        OfferDetails offer = offers.details(offerId, asOf == null ? today() : asOf).orElseThrow(() -> notFound(offerId));
        return ResponseEntity.ok().eTag(String.valueOf(offer.version())).body(offer);
    }

    /** The SKUs a customer billed in {@code country} can buy today, with their prices there. */
    @GetMapping("/{offerId}/availabilities")
    Map<String, Object> availabilities(@PathVariable String offerId, @RequestParam String country) {
        requireOffer(offerId);
        List<Availability> items = offers.availabilities(offerId, Countries.require(country), today());
        return Map.of("totalCount", items.size(), "items", items);
    }

    /** Whether a customer billed in {@code country} may buy the offer, with every failing rule explained. */
    @GetMapping("/{offerId}/eligibility")
    Eligibility eligibility(@PathVariable String offerId, @RequestParam String country) {
        return offers.eligibility(offerId, Countries.require(country), today()).orElseThrow(() -> notFound(offerId));
    }

    /** With {@code asOf}: the price in force that day; without: the whole history of the SKU's price there. */
    @GetMapping("/{offerId}/skus/{skuId}/prices")
    Object prices(@PathVariable String offerId, @PathVariable String skuId, @RequestParam String market,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        requireSku(offerId, skuId);
        Countries.require(market);
        if (asOf != null) {
            return offers.priceAsOf(offerId, skuId, market, asOf).orElseThrow(() -> new BusinessException("no-price",
                    HttpStatus.NOT_FOUND, "SKU " + skuId + " of " + offerId + " has no price in " + market + " on " + asOf));
        }
        List<PricePoint> history = offers.priceHistory(offerId, skuId, market);
        return Map.of("totalCount", history.size(), "items", history);
    }

    @PostMapping("/{offerId}/skus/{skuId}/prices")
    ResponseEntity<Void> changePrice(@PathVariable String offerId, @PathVariable String skuId,
                                     @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                     @Valid @RequestBody ChangePriceRequest request) {
        send(offerId, new ChangeSkuPrice(new OfferId(offerId), skuId, Countries.require(request.market()),
                new Money(request.unitPrice(), Currency.getInstance(request.currency())), request.effectiveFrom(),
                today(), ETags.version(ifMatch)));
        return ResponseEntity.created(URI.create("/v1/offers/" + offerId + "/skus/" + skuId + "/prices?market="
                + request.market() + "&asOf=" + request.effectiveFrom())).build();
    }

    @PutMapping("/{offerId}/availability")
    ResponseEntity<Void> changeAvailability(@PathVariable String offerId,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            @Valid @RequestBody ChangeAvailabilityRequest request) {
        request.countries().forEach(Countries::require);
        send(offerId, new ChangeOfferAvailability(new OfferId(offerId), request.countries(), ETags.version(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{offerId}/withdrawal")
    ResponseEntity<Void> withdraw(@PathVariable String offerId,
                                  @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                  @Valid @RequestBody WithdrawRequest request) {
        send(offerId, new WithdrawOffer(new OfferId(offerId), request.reason(), clock.instant(), ETags.version(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    /**
     * Sends a command to an existing offer. Whether it exists is the offer's own event stream's to say, never the
     * read model's (which may not have caught up with a publication the caller was just told about).
     */
    private void send(String offerId, Object command) {
        try {
            commands.sendAndWait(command);
        } catch (org.axonframework.modelling.command.AggregateNotFoundException e) {
            throw notFound(offerId);
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private void requireOffer(String offerId) {
        if (!offers.exists(offerId)) {
            throw notFound(offerId);
        }
    }

    private void requireSku(String offerId, String skuId) {
        requireOffer(offerId);
        if (!offers.skuExists(offerId, skuId)) {
            throw BusinessException.notFound("sku", offerId + "/" + skuId);
        }
    }

    private static BusinessException notFound(String offerId) {
        return BusinessException.notFound("offer", offerId);
    }
}
