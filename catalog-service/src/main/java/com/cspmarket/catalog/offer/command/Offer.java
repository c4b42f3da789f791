package com.cspmarket.catalog.offer.command;

import com.cspmarket.catalog.offer.api.BillingCycle;
import com.cspmarket.catalog.offer.api.OfferId;
import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.Term;
import com.cspmarket.kit.BusinessException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A marketplace offer as its publisher published it. */
@Aggregate
public class Offer {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @AggregateIdentifier
    private OfferId offerId;

    protected Offer() {
    }

    @CommandHandler
    public Offer(PublishOffer command) {
        requireValid(command);
        apply(new OfferPublished(command.offerId(), command.name(), command.description(), command.publisher(),
                command.offerType(), command.offeredToCspPartners(), command.categories(), command.countries(),
                command.skus()));
    }

    @EventSourcingHandler
    void on(OfferPublished event) {
        this.offerId = event.offerId();
    }

    private static void requireValid(PublishOffer command) {
        if (command.skus().isEmpty()) {
            throw invalid("an offer needs at least one SKU");
        }
        for (String country : command.countries()) {
            if (!COUNTRIES.contains(country)) {
                throw invalid("unknown country code '" + country + "' (ISO 3166-1 alpha-2 expected)");
            }
        }
        Set<String> skuIds = new HashSet<>();
        for (Sku sku : command.skus()) {
            if (!skuIds.add(sku.skuId())) {
                throw invalid("SKU '" + sku.skuId() + "' appears twice");
            }
            if (sku.minQuantity() < 1 || sku.maxQuantity() < sku.minQuantity()) {
                throw invalid("SKU '" + sku.skuId() + "': quantity limits must satisfy 1 <= min <= max");
            }
            if (sku.term() == Term.P1M && sku.billingCycle() == BillingCycle.ANNUAL) {
                throw invalid("SKU '" + sku.skuId() + "': a monthly term cannot be billed annually");
            }
            if (sku.prices().isEmpty()) {
                throw invalid("SKU '" + sku.skuId() + "' has no price");
            }
            Set<String> priceKeys = new HashSet<>();
            for (SkuPrice price : sku.prices()) {
                if (!COUNTRIES.contains(price.market())) {
                    throw invalid("SKU '" + sku.skuId() + "': unknown market '" + price.market() + "'");
                }
                if (!priceKeys.add(price.market() + "|" + price.effectiveFrom())) {
                    throw invalid("SKU '" + sku.skuId() + "': two prices for " + price.market() + " from " + price.effectiveFrom());
                }
            }
        }
    }

    private static BusinessException invalid(String message) {
        return new BusinessException("invalid-offer", HttpStatus.UNPROCESSABLE_ENTITY, message);
    }
}
