package com.cspmarket.catalog.offer.command;

import com.cspmarket.catalog.offer.api.BillingCycle;
import com.cspmarket.catalog.offer.api.ChangeOfferAvailability;
import com.cspmarket.catalog.offer.api.ChangeSkuPrice;
import com.cspmarket.catalog.offer.api.OfferAvailabilityChanged;
import com.cspmarket.catalog.offer.api.OfferId;
import com.cspmarket.catalog.offer.api.OfferPublished;
import com.cspmarket.catalog.offer.api.OfferWithdrawn;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.SkuPriceChanged;
import com.cspmarket.catalog.offer.api.Term;
import com.cspmarket.catalog.offer.api.WithdrawOffer;
import com.cspmarket.kit.BusinessException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.http.HttpStatus;

import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A marketplace offer: published once, then its prices change (effective-dated, never rewriting a price already
 * in force), its availability changes, and it may be withdrawn.
 */
@Aggregate
public class Offer {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @AggregateIdentifier
    private OfferId offerId;
    private Set<String> countries;
    /** sku -> market -> (effective from -> currency) */
    private final Map<String, Map<String, TreeMap<LocalDate, Currency>>> prices = new HashMap<>();
    private boolean withdrawn;

    protected Offer() {
    }

    @CommandHandler
    public Offer(PublishOffer command) {
        requireValid(command);
        apply(new OfferPublished(command.offerId(), command.name(), command.description(), command.publisher(),
                command.offerType(), command.offeredToCspPartners(), command.categories(), command.countries(),
                command.skus()));
    }

    @CommandHandler
    void handle(ChangeSkuPrice command) {
        requireNotWithdrawn();
        Map<String, TreeMap<LocalDate, Currency>> markets = prices.get(command.skuId());
        if (markets == null) {
            throw new BusinessException("sku-not-found", HttpStatus.NOT_FOUND,
                    "offer " + offerId + " has no SKU '" + command.skuId() + "'");
        }
        if (!COUNTRIES.contains(command.market())) {
            throw invalid("unknown market '" + command.market() + "'");
        }
        if (command.effectiveFrom().isBefore(command.today())) {
            throw new BusinessException("price-in-the-past", HttpStatus.UNPROCESSABLE_ENTITY,
                    "a price cannot take effect in the past (" + command.effectiveFrom() + " is before " + command.today()
                            + "); price history is never rewritten");
        }
        TreeMap<LocalDate, Currency> history = markets.getOrDefault(command.market(), new TreeMap<>());
        if (!command.effectiveFrom().isAfter(command.today()) && history.containsKey(command.effectiveFrom())) {
            throw new BusinessException("price-already-in-force", HttpStatus.CONFLICT,
                    "the price for " + command.market() + " effective " + command.effectiveFrom() + " is already in force");
        }
        if (!history.isEmpty() && !history.lastEntry().getValue().equals(command.unitPrice().currency())) {
            throw invalid("SKU '" + command.skuId() + "' is priced in " + history.lastEntry().getValue() + " in "
                    + command.market() + ", not " + command.unitPrice().currency());
        }
        apply(new SkuPriceChanged(offerId, command.skuId(), command.market(), command.unitPrice(),
                command.effectiveFrom()));
    }

    @CommandHandler
    void handle(ChangeOfferAvailability command) {
        requireNotWithdrawn();
        requireCountries(command.countries());
        Set<String> wanted = new LinkedHashSet<>(command.countries());
        if (wanted.equals(countries)) {
            return; // nothing changes: no event
        }
        List<String> added = wanted.stream().filter(c -> !countries.contains(c)).sorted().toList();
        List<String> removed = countries.stream().filter(c -> !wanted.contains(c)).sorted().toList();
        apply(new OfferAvailabilityChanged(offerId, List.copyOf(wanted), added, removed));
    }

    @CommandHandler
    void handle(WithdrawOffer command) {
        if (withdrawn) {
            return; // withdrawing twice changes nothing
        }
        apply(new OfferWithdrawn(offerId, command.reason(), command.at()));
    }

    @EventSourcingHandler
    void on(OfferPublished event) {
        offerId = event.offerId();
        countries = new LinkedHashSet<>(event.countries());
        for (Sku sku : event.skus()) {
            Map<String, TreeMap<LocalDate, Currency>> markets = prices.computeIfAbsent(sku.skuId(), s -> new HashMap<>());
            for (SkuPrice price : sku.prices()) {
                markets.computeIfAbsent(price.market(), m -> new TreeMap<>())
                        .put(price.effectiveFrom(), price.unitPrice().currency());
            }
        }
    }

    @EventSourcingHandler
    void on(SkuPriceChanged event) {
        prices.get(event.skuId()).computeIfAbsent(event.market(), m -> new TreeMap<>())
                .put(event.effectiveFrom(), event.unitPrice().currency());
    }

    @EventSourcingHandler
    void on(OfferAvailabilityChanged event) {
        countries = new LinkedHashSet<>(event.countries());
    }

    @EventSourcingHandler
    void on(OfferWithdrawn event) {
        withdrawn = true;
    }

    private void requireNotWithdrawn() {
        if (withdrawn) {
            throw new BusinessException("offer-withdrawn", HttpStatus.CONFLICT, "offer " + offerId + " was withdrawn");
        }
    }

    private static void requireCountries(List<String> countries) {
        if (countries.isEmpty()) {
            throw invalid("an offer must be available in at least one country");
        }
        for (String country : countries) {
            if (!COUNTRIES.contains(country)) {
                throw invalid("unknown country code '" + country + "' (ISO 3166-1 alpha-2 expected)");
            }
        }
    }

    private static void requireValid(PublishOffer command) {
        if (command.skus().isEmpty()) {
            throw invalid("an offer needs at least one SKU");
        }
        requireCountries(command.countries());
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
            Map<String, Currency> currencyOfMarket = new HashMap<>();
            Set<String> priceKeys = new HashSet<>();
            for (SkuPrice price : sku.prices()) {
                if (price.effectiveFrom().isBefore(command.today())) {
                    throw new BusinessException("price-in-the-past", HttpStatus.UNPROCESSABLE_ENTITY, "SKU '"
                            + sku.skuId() + "': a price cannot take effect in the past (" + price.effectiveFrom()
                            + " is before " + command.today() + "); a new offer's prices start on its publication day"
                            + " or later, and a price history is never rewritten");
                }
                if (!COUNTRIES.contains(price.market())) {
                    throw invalid("SKU '" + sku.skuId() + "': unknown market '" + price.market() + "'");
                }
                if (!priceKeys.add(price.market() + "|" + price.effectiveFrom())) {
                    throw invalid("SKU '" + sku.skuId() + "': two prices for " + price.market() + " from " + price.effectiveFrom());
                }
                Currency first = currencyOfMarket.putIfAbsent(price.market(), price.unitPrice().currency());
                if (first != null && !first.equals(price.unitPrice().currency())) {
                    throw invalid("SKU '" + sku.skuId() + "': market " + price.market() + " is priced in two currencies");
                }
            }
        }
    }

    private static BusinessException invalid(String message) {
        return new BusinessException("invalid-offer", HttpStatus.UNPROCESSABLE_ENTITY, message);
    }
}
