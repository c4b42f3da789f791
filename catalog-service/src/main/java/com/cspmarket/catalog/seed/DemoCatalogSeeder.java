package com.cspmarket.catalog.seed;

import com.cspmarket.catalog.offer.api.BillingCycle;
import com.cspmarket.catalog.offer.api.Money;
import com.cspmarket.catalog.offer.api.OfferId;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublishOffer;
import com.cspmarket.catalog.offer.api.Publisher;
import com.cspmarket.catalog.offer.api.Sku;
import com.cspmarket.catalog.offer.api.SkuPrice;
import com.cspmarket.catalog.offer.api.Term;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;

/** With {@code catalog.seed.demo=true}: publishes a small demo catalog once (publishing is idempotent by id). */
@Component
@ConditionalOnProperty(name = "catalog.seed.demo", havingValue = "true")
class DemoCatalogSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogSeeder.class);
    private static final LocalDate SINCE = LocalDate.of(2026, 1, 1);

    private final CommandGateway commands;

    DemoCatalogSeeder(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (PublishOffer offer : demoOffers()) {
            try {
                commands.sendAndWait(offer);
                log.info("published demo offer {}", offer.offerId());
            } catch (ConcurrencyException | EventStoreException alreadyThere) {
                log.debug("demo offer {} exists", offer.offerId());
            }
        }
    }

    static List<PublishOffer> demoOffers() {
        Publisher contoso = new Publisher("contoso", "Contoso Ltd", "support@contoso.example", "https://contoso.example/support");
        Publisher fabrikam = new Publisher("fabrikam", "Fabrikam Inc", "help@fabrikam.example", null);
        return List.of(
                new PublishOffer(new OfferId("contoso.crm-suite"), "Contoso CRM Suite",
                        "Customer relationship management for small and mid-size businesses.", contoso, OfferType.SAAS,
                        true, List.of("Sales", "CRM"), List.of("US", "CA", "GB", "DE", "FR", "NL"),
                        List.of(new Sku("standard-monthly", "Standard (monthly)", Term.P1M, BillingCycle.MONTHLY, 1, 500, false,
                                        List.of(price("US", "12.50", "USD"), price("CA", "16.90", "CAD"), price("GB", "10.00", "GBP"),
                                                price("DE", "11.50", "EUR"), price("FR", "11.50", "EUR"), price("NL", "11.50", "EUR"))),
                                new Sku("standard-annual", "Standard (annual, paid upfront)", Term.P1Y, BillingCycle.ANNUAL, 1, 500, false,
                                        List.of(price("US", "135.00", "USD"), price("GB", "108.00", "GBP"), price("DE", "124.20", "EUR"))))),
                new PublishOffer(new OfferId("fabrikam.backup"), "Fabrikam Cloud Backup",
                        "Backup for Microsoft 365 mailboxes and sites.", fabrikam, OfferType.SAAS, true,
                        List.of("Security", "Storage"), List.of("US", "GB", "JP"),
                        List.of(new Sku("per-user", "Per user", Term.P1Y, BillingCycle.MONTHLY, 5, 10_000, false,
                                List.of(price("US", "3.00", "USD"), price("GB", "2.50", "GBP"), price("JP", "450", "JPY"))))),
                new PublishOffer(new OfferId("fabrikam.firewall-vm"), "Fabrikam Firewall VM",
                        "Virtual appliance, deployed into the customer's own subscription.", fabrikam, OfferType.VIRTUAL_MACHINE,
                        false, List.of("Security", "Networking"), List.of("US"),
                        List.of(new Sku("byol", "Bring your own licence", Term.P1M, BillingCycle.MONTHLY, 1, 1, false,
                                List.of(price("US", "0.00", "USD"))))));
    }

    private static SkuPrice price(String market, String amount, String currency) {
        return new SkuPrice(market, new Money(new BigDecimal(amount), Currency.getInstance(currency)), SINCE);
    }
}
