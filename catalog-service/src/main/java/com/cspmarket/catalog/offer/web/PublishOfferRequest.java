package com.cspmarket.catalog.offer.web;

import com.cspmarket.catalog.offer.api.BillingCycle;
import com.cspmarket.catalog.offer.api.Money;
import com.cspmarket.catalog.offer.api.OfferId;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Publisher;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.Term;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

record PublishOfferRequest(
        // "facets" is a path of its own (/v1/offers/facets), never an offer's id
        @NotBlank @Pattern(regexp = "(?!facets$)[a-z0-9][a-z0-9._-]{1,63}") String offerId,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 4000) String description,
        @NotNull @Valid PublisherRequest publisher,
        @NotNull OfferType offerType,
        boolean offeredToCspPartners,
        @NotNull @Size(max = 20) List<@NotBlank @Size(max = 80) String> categories,
        @NotEmpty @Size(max = 250) List<@NotNull @Pattern(regexp = "[A-Z]{2}") String> countries,
        @NotEmpty @Size(max = 50) List<@NotNull @Valid SkuRequest> skus) {

    record PublisherRequest(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{1,63}") String publisherId,
                            @NotBlank @Size(max = 200) String name,
                            @NotBlank @Email String supportEmail,
                            @Size(max = 500) String supportUrl,
                            PublisherKind kind) {
    }

    record SkuRequest(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,63}") String skuId,
                      @NotBlank @Size(max = 200) String name,
                      @NotNull Term term,
                      @NotNull BillingCycle billingCycle,
                      @Min(1) @Max(1_000_000) int minQuantity,
                      @Min(1) @Max(1_000_000) int maxQuantity,
                      boolean trial,
                      @NotEmpty @Size(max = 500) List<@NotNull @Valid PriceRequest> prices) {
    }

    record PriceRequest(@NotNull @Pattern(regexp = "[A-Z]{2}") String market,
                        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal unitPrice,
                        @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
                        @NotNull LocalDate effectiveFrom) {
    }

    PublishOffer toCommand(LocalDate today) {
        return new PublishOffer(new OfferId(offerId), name, description == null ? "" : description,
                new Publisher(publisher.publisherId(), publisher.name(), publisher.supportEmail(), publisher.supportUrl(),
                        publisher.kind()),
                offerType, offeredToCspPartners, categories, countries,
                skus.stream().map(s -> new Sku(s.skuId(), s.name(), s.term(), s.billingCycle(), s.minQuantity(),
                        s.maxQuantity(), s.trial(), s.prices().stream()
                        .map(p -> new SkuPrice(p.market(), new Money(p.unitPrice(), Currency.getInstance(p.currency())),
                                p.effectiveFrom()))
                        .toList())).toList(), today);
    }
}
