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
import com.cspmarket.catalog.offer.query.OfferReadModel;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * With {@code catalog.seed.demo=true}: publishes three hand-made demo offers and a generated marketplace
 * ({@code catalog.seed.publishers} publishers, {@code catalog.seed.offers} offers) once, in the background after
 * start-up. Offers that exist already are skipped, so a restart on kept data publishes nothing twice. One instance
 * seeds at a time (lock {@code catalog.seed}): another one starting meanwhile leaves it to that one, and one starting
 * later finds every offer there and publishes nothing. Everything is published on the catalog's business date, never
 * back-dated (history is never rewritten): the prices start that day, and some are scheduled to change in the coming
 * days and weeks, so price diffs and price history have something to show as the clock moves on.
 */
@Component
class DemoCatalogSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogSeeder.class);

    /** Far longer than a seeding takes; how long an instance that died seeding keeps the others from it. */
    private static final Duration SEEDING_AT_MOST = Duration.ofMinutes(10);

    private final boolean enabled;
    private final CommandGateway commands;
    private final OfferReadModel offers;
    private final int publisherCount;
    private final int offerCount;
    private final java.time.Clock clock;
    private final LockingTaskExecutor locks;

    DemoCatalogSeeder(CommandGateway commands, OfferReadModel offers, java.time.Clock clock, LockingTaskExecutor locks,
                      @Value("${catalog.seed.publishers:300}") int publisherCount,
                      @Value("${catalog.seed.offers:3000}") int offerCount,
                      @Value("${catalog.seed.demo:false}") boolean enabled) {
        this.enabled = enabled;
        this.commands = commands;
        this.offers = offers;
        this.publisherCount = publisherCount;
        this.offerCount = offerCount;
        this.clock = clock;
        this.locks = locks;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedInTheBackground() {
        if (!enabled) {
            return; // a property read at run time, not a bean condition: Spring AOT decides those at build time
        }
        Thread seeding = new Thread(this::seedOnOneInstance, "catalog-seed");
        seeding.setDaemon(true);
        seeding.start();
    }

    /** Seeds while holding the lock; the lock's times are the database's (ShedLock's clock), not business time. */
    void seedOnOneInstance() {
        AtomicBoolean seeded = new AtomicBoolean();
        locks.executeWithLock((Runnable) () -> {
            seeded.set(true);
            seed();
        }, new LockConfiguration(ClockProvider.now(), "catalog.seed", SEEDING_AT_MOST, Duration.ZERO));
        if (!seeded.get()) {
            log.info("another instance is seeding the demo catalog; this one leaves it to that one");
        }
    }

    void seed() {
        CatalogGenerator generator = new CatalogGenerator(42);
        AtomicInteger published = new AtomicInteger();
        LocalDate today = LocalDate.now(clock);
        Stream.concat(handMade(today).stream(), generator.offers(generator.publishers(publisherCount), offerCount, today))
                .filter(offer -> !offers.exists(offer.offerId().value()))
                .forEach(offer -> {
                    try {
                        commands.sendAndWait(offer);
                        published.incrementAndGet();
                    } catch (ConcurrencyException | EventStoreException alreadyThere) {
                        log.debug("offer {} exists", offer.offerId());
                    }
                });
        log.info("demo catalog seeded: {} offers published", published.get());
    }

    /** The three offers the README walks through: prices from {@code today}, two of them changing in the weeks after. */
    static List<PublishOffer> handMade(LocalDate today) {
        Publisher contoso = new Publisher("contoso", "Contoso Ltd", "support@contoso.example",
                "https://contoso.example/support", PublisherKind.THIRD_PARTY);
        Publisher fabrikam = new Publisher("fabrikam", "Fabrikam Inc", "help@fabrikam.example", null,
                PublisherKind.THIRD_PARTY);
        return List.of(
                new PublishOffer(new OfferId("contoso.crm-suite"), "Contoso CRM Suite",
                        "Customer relationship management for small and mid-size businesses.", contoso, OfferType.SAAS,
                        true, List.of("Sales", "CRM"), List.of("US", "CA", "GB", "DE", "FR", "NL"),
                        List.of(new Sku("standard-monthly", "Standard (monthly)", Term.P1M, BillingCycle.MONTHLY, 1, 500, false,
                                        List.of(price(today, "US", "12.50", "USD"), price(today.plusDays(14), "US", "13.25", "USD"),
                                                price(today, "CA", "16.90", "CAD"), price(today, "GB", "10.00", "GBP"),
                                                price(today, "DE", "11.50", "EUR"), price(today, "FR", "11.50", "EUR"), price(today, "NL", "11.50", "EUR"))),
                                new Sku("standard-annual", "Standard (annual, paid upfront)", Term.P1Y, BillingCycle.ANNUAL, 1, 500, false,
                                        List.of(price(today, "US", "135.00", "USD"), price(today, "GB", "108.00", "GBP"), price(today, "DE", "124.20", "EUR")))), today),
                new PublishOffer(new OfferId("fabrikam.backup"), "Fabrikam Cloud Backup",
                        "Backup for Microsoft 365 mailboxes and sites.", fabrikam, OfferType.SAAS, true,
                        List.of("Security", "Storage"), List.of("US", "GB", "JP"),
                        List.of(new Sku("per-user", "Per user", Term.P1Y, BillingCycle.MONTHLY, 5, 10_000, false,
                                List.of(price(today, "US", "3.00", "USD"), price(today.plusDays(30), "US", "3.20", "USD"),
                                        price(today, "GB", "2.50", "GBP"), price(today, "JP", "450", "JPY")))), today),
                new PublishOffer(new OfferId("fabrikam.firewall-vm"), "Fabrikam Firewall VM",
                        "Virtual appliance, deployed into the customer's own subscription.", fabrikam, OfferType.VIRTUAL_MACHINE,
                        false, List.of("Security", "Networking"), List.of("US"),
                        List.of(new Sku("byol", "Bring your own licence", Term.P1M, BillingCycle.MONTHLY, 1, 1, false,
                                List.of(price(today, "US", "0.00", "USD")))), today));
    }

    private static SkuPrice price(LocalDate from, String market, String amount, String currency) {
        return new SkuPrice(market, new Money(new BigDecimal(amount), Currency.getInstance(currency)), from);
    }
}
