package com.cspmarket.catalog.seed;

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

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A realistic, reproducible marketplace: the same seed gives the same publishers, offers, SKUs and price history.
 * Mostly SaaS, some virtual machines and containers; prices in each market's currency with a few changes over the
 * year; availability in a subset of 40 countries.
 */
public final class CatalogGenerator {

    private record Market(String country, String currency, BigDecimal rate) {
    }

    private static final List<Market> MARKETS = List.of(
            new Market("US", "USD", new BigDecimal("1.00")), new Market("CA", "CAD", new BigDecimal("1.36")),
            new Market("MX", "MXN", new BigDecimal("17.10")), new Market("BR", "BRL", new BigDecimal("4.95")),
            new Market("GB", "GBP", new BigDecimal("0.79")), new Market("IE", "EUR", new BigDecimal("0.92")),
            new Market("DE", "EUR", new BigDecimal("0.92")), new Market("FR", "EUR", new BigDecimal("0.92")),
            new Market("NL", "EUR", new BigDecimal("0.92")), new Market("BE", "EUR", new BigDecimal("0.92")),
            new Market("ES", "EUR", new BigDecimal("0.92")), new Market("IT", "EUR", new BigDecimal("0.92")),
            new Market("AT", "EUR", new BigDecimal("0.92")), new Market("PT", "EUR", new BigDecimal("0.92")),
            new Market("FI", "EUR", new BigDecimal("0.92")), new Market("SE", "SEK", new BigDecimal("10.40")),
            new Market("NO", "NOK", new BigDecimal("10.60")), new Market("DK", "DKK", new BigDecimal("6.85")),
            new Market("CH", "CHF", new BigDecimal("0.88")), new Market("PL", "PLN", new BigDecimal("3.98")),
            new Market("CZ", "CZK", new BigDecimal("22.60")), new Market("JP", "JPY", new BigDecimal("150")),
            new Market("KR", "KRW", new BigDecimal("1330")), new Market("IN", "INR", new BigDecimal("83.00")),
            new Market("SG", "SGD", new BigDecimal("1.34")), new Market("AU", "AUD", new BigDecimal("1.52")),
            new Market("NZ", "NZD", new BigDecimal("1.64")), new Market("ZA", "ZAR", new BigDecimal("18.70")),
            new Market("AE", "AED", new BigDecimal("3.67")), new Market("IL", "ILS", new BigDecimal("3.70")),
            new Market("TR", "TRY", new BigDecimal("32.00")), new Market("CL", "CLP", new BigDecimal("940")),
            new Market("CO", "COP", new BigDecimal("3900")), new Market("AR", "ARS", new BigDecimal("870")),
            new Market("HK", "HKD", new BigDecimal("7.82")), new Market("TW", "TWD", new BigDecimal("31.50")),
            new Market("TH", "THB", new BigDecimal("35.90")), new Market("MY", "MYR", new BigDecimal("4.70")),
            new Market("ID", "IDR", new BigDecimal("15600")), new Market("PH", "PHP", new BigDecimal("56.00")));

    private static final List<String> CATEGORIES = List.of("Analytics", "AI + Machine Learning", "Collaboration",
            "Compliance", "CRM", "Customer Service", "Databases", "DevOps", "Education", "Finance", "Healthcare",
            "Human Resources", "Identity", "Integration", "IoT", "Marketing", "Monitoring", "Networking",
            "Productivity", "Project Management", "Sales", "Security", "Storage", "Backup", "Supply Chain");
    private static final List<String> SYLLABLES = List.of("con", "tos", "fab", "rik", "am", "wood", "grove", "tail",
            "spin", "north", "wind", "ada", "tum", "lit", "ware", "blue", "yon", "mar", "ket", "trey", "lu", "cern",
            "pro", "seed", "vex", "ora", "nim", "bus", "zen", "tri", "qua", "lo", "dex", "ion", "ark", "sol");
    private static final List<String> NOUNS = List.of("Insights", "Suite", "Cloud", "Guard", "Sync", "Hub", "Desk",
            "Flow", "Vault", "Pulse", "Studio", "Connect", "Ops", "Sense", "Ledger", "Backup", "Mail", "Forms",
            "Planner", "Signals", "Tracker", "Shield", "Pipeline", "Portal", "Assistant");
    private static final List<String> PLANS = List.of("Basic", "Standard", "Professional", "Enterprise", "Premium");

    private final Random random;

    public CatalogGenerator(long seed) {
        this.random = new Random(seed);
    }

    public List<Publisher> publishers(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            String name = capitalize(word(2 + random.nextInt(2)));
            String id = name.toLowerCase() + "-" + i;
            PublisherKind kind = i % 25 == 0 ? PublisherKind.FIRST_PARTY : PublisherKind.THIRD_PARTY;
            return new Publisher(id, name + (kind == PublisherKind.FIRST_PARTY ? " (Marketplace)" : " Software"),
                    "support@" + id + ".example", "https://" + id + ".example/support", kind);
        }).toList();
    }

    /**
     * {@code count} offers spread over the publishers, published on {@code since}: prices start that day, and about a
     * quarter of them are already scheduled to change on a day in the next two months (future prices are allowed; a
     * past one never is).
     */
    public Stream<PublishOffer> offers(List<Publisher> publishers, int count, LocalDate since) {
        return IntStream.range(0, count).mapToObj(i -> offer(i, publishers.get(random.nextInt(publishers.size())), since));
    }

    private PublishOffer offer(int index, Publisher publisher, LocalDate since) {
        String product = capitalize(word(2)) + " " + NOUNS.get(random.nextInt(NOUNS.size()));
        int kind = random.nextInt(100);
        OfferType type = kind < 85 ? OfferType.SAAS : kind < 93 ? OfferType.VIRTUAL_MACHINE
                : kind < 97 ? OfferType.CONTAINER : OfferType.AZURE_APPLICATION;
        Set<String> categories = new LinkedHashSet<>();
        int categoryCount = 1 + random.nextInt(3);
        while (categories.size() < categoryCount) {
            categories.add(CATEGORIES.get(random.nextInt(CATEGORIES.size())));
        }
        List<Market> markets = new ArrayList<>(MARKETS.subList(0, 1));
        for (Market market : MARKETS.subList(1, MARKETS.size())) {
            if (random.nextInt(100) < 35) {
                markets.add(market);
            }
        }
        BigDecimal basePrice = BigDecimal.valueOf(2 + random.nextInt(200)).add(BigDecimal.valueOf(random.nextInt(100), 2));
        List<Sku> skus = new ArrayList<>();
        int skuCount = 1 + random.nextInt(3);
        for (int s = 0; s < skuCount; s++) {
            boolean annual = random.nextInt(3) == 0;
            Term term = annual ? Term.P1Y : Term.P1M;
            BillingCycle cycle = annual && random.nextBoolean() ? BillingCycle.ANNUAL : BillingCycle.MONTHLY;
            BigDecimal usd = basePrice.multiply(BigDecimal.valueOf(s + 1)).multiply(cycle == BillingCycle.ANNUAL
                    ? BigDecimal.valueOf(10) : BigDecimal.ONE);
            List<SkuPrice> prices = new ArrayList<>();
            for (Market market : markets) {
                prices.add(price(market, usd, since));
                if (random.nextInt(4) == 0) {
                    prices.add(price(market, usd.multiply(new BigDecimal("1.05")), since.plusDays(1 + random.nextInt(60))));
                }
            }
            String plan = PLANS.get(Math.min(s + random.nextInt(2), PLANS.size() - 1));
            skus.add(new Sku(plan.toLowerCase() + "-" + term.name().toLowerCase() + "-" + s, plan + " (" + term + ", "
                    + cycle.name().toLowerCase() + ")", term, cycle, 1, random.nextBoolean() ? 300 : 10_000,
                    random.nextInt(10) == 0, prices));
        }
        String id = (publisher.publisherId() + "." + product.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-" + index);
        return new PublishOffer(new OfferId(id.length() > 64 ? id.substring(0, 64) : id), product,
                product + " by " + publisher.name() + ": " + String.join(", ", categories).toLowerCase()
                        + " for teams of every size.",
                publisher, type, type == OfferType.SAAS ? random.nextInt(10) < 9 : random.nextBoolean(),
                List.copyOf(categories), markets.stream().map(Market::country).toList(), skus, since);
    }

    private static SkuPrice price(Market market, BigDecimal usd, LocalDate from) {
        Currency currency = Currency.getInstance(market.currency());
        BigDecimal local = usd.multiply(market.rate()).setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
        return new SkuPrice(market.country(), new Money(local, currency), from);
    }

    private String word(int syllables) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            word.append(SYLLABLES.get(random.nextInt(SYLLABLES.size())));
        }
        return word.toString();
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
