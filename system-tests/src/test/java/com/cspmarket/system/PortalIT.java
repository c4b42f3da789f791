package com.cspmarket.system;

import com.cspmarket.local.LocalStack.Service;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The partner portal in a real browser, walking the seed as partner staff would: browse, filter and search the
 * Marketplace, export the price list (opened as a spreadsheet), a product page; a customer billed in Germany, the ISV
 * offers for it with the one sold only in the US explained; cart, checkout, the order and its activation link; the
 * customer activates; cancel inside the refund window; the operator moves the one clock; after the window a
 * cancellation waits for the term's end and is undone; on the 8th the billing admin sees the invoice. A sales agent
 * sees no invoices; partner B never sees partner A's customer. Each page is photographed (docs/screenshots).
 */
class PortalIT {

    @RegisterExtension
    static final TestSystem system = TestSystem.shared();

    @Test
    void partnerStaffSellBillAndOperateThroughThePortal() throws Exception {
        String word = letters(9);
        String name = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        String category = "Portal " + name;
        YearMonth month = system.pinMidNextMonth();
        LocalDate today = system.catalogToday();
        publish(offer("portal-sign-" + word, name + " Sign", "THIRD_PARTY", category, "[\"US\",\"DE\"]", """
                {"market":"US","unitPrice":"12.50","currency":"USD","effectiveFrom":"%s"},
                {"market":"US","unitPrice":"13.75","currency":"USD","effectiveFrom":"%s"},
                {"market":"DE","unitPrice":"11.00","currency":"EUR","effectiveFrom":"%s"}"""
                .formatted(today, today.plusDays(12), today)));
        publish(offer("portal-ledger-" + word, name + " Ledger", "THIRD_PARTY", "Finance", "[\"US\"]", """
                {"market":"US","unitPrice":"30.00","currency":"USD","effectiveFrom":"%s"}""".formatted(today)));
        publish(offer("portal-mail-" + word, name + " Mail", "FIRST_PARTY", category, "[\"US\",\"DE\"]", """
                {"market":"US","unitPrice":"4.00","currency":"USD","effectiveFrom":"%s"},
                {"market":"DE","unitPrice":"3.60","currency":"EUR","effectiveFrom":"%s"}""".formatted(today, today)));
        String portal = system.stack().portalUrl();
        String company = name + " GmbH";
        String customerUrl;
        String invoiceUrl;

        try (Browser admin = Browser.open().signIn(portal, "contoso-admin")) {
            // the Marketplace: everything by default; keywords; publisher; category
            assertThat(admin.url()).endsWith("/marketplace");
            assertThat(admin.text("nav.side")).contains("Marketplace", "Customers").doesNotContain("Billing");
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.go(portal + "/marketplace?q=" + word);
                return offerNames(admin).size() == 3;
            });
            admin.go(portal + "/marketplace");
            assertThat(admin.text("#result-count")).doesNotStartWith("0 ");
            admin.assertLabelled();
            admin.screenshot("01-marketplace");
            admin.type("#q", word);
            admin.choose("#publisher", "Partner");
            admin.click("#apply-filters");
            assertThat(offerNames(admin)).containsExactly(name + " Ledger", name + " Sign");
            admin.choose("#publisher", "Microsoft");
            admin.click("#apply-filters");
            assertThat(offerNames(admin)).containsExactly(name + " Mail");
            admin.choose("#publisher", "All publishers");
            admin.choose("#category", category);
            admin.click("#apply-filters");
            assertThat(offerNames(admin)).containsExactly(name + " Mail", name + " Sign");
            admin.screenshot("02-marketplace-filtered");

            // "Export price list", top right: the German market's price list as a spreadsheet
            admin.choose("#export-market", "DE");
            admin.clickStaying("#export-price-list");
            Path xlsx = admin.awaitDownload("-DE.xlsx");
            try (InputStream in = Files.newInputStream(xlsx); Workbook book = new XSSFWorkbook(in)) {
                Sheet sheet = book.getSheetAt(0);
                List<String> header = cells(sheet.getRow(0));
                assertThat(header).contains("OfferId", "SkuId", "Market", "Currency", "UnitPrice");
                List<List<String>> mine = new ArrayList<>();
                for (Row row : sheet) {
                    List<String> cells = cells(row);
                    if (cells.get(header.indexOf("OfferId")).endsWith("-" + word)) {
                        mine.add(cells);
                    }
                }
                assertThat(mine).extracting(r -> r.get(header.indexOf("OfferId")))
                        .containsExactlyInAnyOrder("portal-sign-" + word, "portal-mail-" + word); // Ledger: US only
                assertThat(mine).allSatisfy(r -> assertThat(r.get(header.indexOf("Market"))).isEqualTo("DE"));
            }

            // a product page: publisher and support contact, SKUs, the price in a market, the price history chart
            admin.clickLink(name + " Sign");
            assertThat(admin.text("#publisher-name")).isEqualTo("Portal Tests Ltd");
            assertThat(admin.text("#support")).contains("help@portal-tests.example");
            admin.choose("#market", "US");
            admin.submit("#market");
            assertThat(admin.text("#skus")).contains("Standard", "12.50 USD");
            assertThat(admin.all("svg.chart circle")).hasSize(2); // today's price and the one from in 12 days
            admin.screenshot("03-product");

            // a customer: a missing country is the API's message next to the field, and nothing is created
            admin.clickLink("Customers");
            admin.click("#new-customer");
            admin.type("#companyName", company);
            admin.type("#domain", word + ".onmicrosoft.com");
            admin.type("#city", "Berlin");
            admin.type("#email", "it@" + word + ".example");
            admin.click("#create-customer");
            assertThat(admin.has("#country-error")).isTrue();
            assertThat(admin.find("#country").getAttribute("value")).isEmpty();
            assertThat(admin.find("#companyName").getAttribute("value")).isEqualTo(company);
            admin.assertLabelled();
            admin.screenshot("04-new-customer-refused");
            admin.go(portal + "/customers");
            assertThat(admin.text("#customers")).doesNotContain(company);
            admin.click("#new-customer");
            admin.type("#companyName", company);
            admin.type("#domain", word + ".onmicrosoft.com");
            admin.type("#country", "DE");
            admin.type("#city", "Berlin");
            admin.type("#email", "it@" + word + ".example");
            admin.click("#create-customer");
            assertThat(admin.text("#customer-country")).isEqualTo("DE");
            customerUrl = admin.url();
            admin.screenshot("05-customer");

            // "Add subscription": ISV offers only, each eligible or not for a customer billed in Germany, with why
            admin.click("#add-subscription");
            admin.typeAndEnter("#q", word); // the keyboard alone
            String offers = admin.text("#isv-offers");
            assertThat(offers).contains(name + " Sign", name + " Ledger").doesNotContain(name + " Mail");
            assertThat(admin.text("tr[data-offer-id='portal-ledger-" + word + "']"))
                    .contains("not eligible", "COUNTRY_NOT_SUPPORTED", "DE");
            assertThat(admin.text("tr[data-offer-id='portal-sign-" + word + "']")).contains("eligible")
                    .doesNotContain("not eligible");
            admin.screenshot("06-add-subscription");

            // SKU and quantity: out of the SKU's limits is refused next to the quantity; then cart, review, checkout
            String orderUrl = buy(admin, word, "11", "3");
            admin.screenshot("08-order");
            admin.clickStaying("button[data-copy]");
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.text("button[data-copy]").equals("Copied"));
            String activationLink = admin.text("code.link");

            // the customer's activation page, no sign-in; Activate
            try (Browser customer = Browser.open()) {
                customer.go(activationLink);
                assertThat(customer.pageText()).contains(name + " Sign", "std", "Quantity\n3");
                customer.screenshot("09-activation");
                customer.click("button[type=submit]");
                assertThat(customer.text("h1")).isEqualTo("Subscription activated");
                customer.go(activationLink);
                assertThat(customer.text("h1")).isEqualTo("Already active");
                customer.go(activationLink.replaceAll("token=[^&]+", "token=forged"));
                assertThat(customer.pageText()).contains("not valid");
            }

            // the subscription: active, the refund window counting down; a quantity out of range; cancel: full refund
            admin.go(orderUrl);
            admin.clickLink("Subscription");
            String subscriptionA = admin.url();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.refresh();
                return admin.text("#status").equals("active");
            });
            assertThat(admin.text("#refund-countdown")).matches("(\\d+ d )?\\d\\d:\\d\\d:\\d\\d left");
            admin.screenshot("10-subscription");
            admin.type("#quantity", "11");
            admin.click("#change-quantity");
            assertThat(admin.text("#quantity-error")).containsIgnoringCase("quantity");
            assertThat(admin.text("#quantity-now")).isEqualTo("3");
            admin.type("#quantity", "4");
            admin.click("#change-quantity");
            assertThat(admin.text("#quantity-now")).isEqualTo("4");
            admin.click("#cancel");
            assertThat(admin.text("#status")).isEqualTo("deleted");
            assertThat(admin.text("#history")).contains("SubscriptionActivated", "QuantityIncreased",
                    "SubscriptionCancelled", "refund: FULL", "by contoso-admin");
            admin.screenshot("11-subscription-cancelled");
            // as of an instant between the activation and the cancellation: active, 3 seats
            String activatedAt = admin.find("#history li[data-type='SubscriptionActivated']").getAttribute("data-at");
            Instant justAfter = Instant.parse(activatedAt).truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
            admin.setValue("#as-of", LocalDateTime.ofInstant(justAfter, ZoneOffset.UTC).toString());
            admin.submit("#as-of");
            assertThat(admin.text("#status")).isEqualTo("active");
            assertThat(admin.text("#quantity-now")).isEqualTo("3");
            assertThat(admin.has("#cancel")).isFalse(); // the past is read, not changed

            // a second subscription, kept
            admin.go(customerUrl);
            admin.click("#add-subscription");
            admin.type("#q", word);
            admin.submit("#q");
            buyKnownGood(admin, word, "2");
            String activationB = admin.text("code.link");
            try (Browser customer = Browser.open()) {
                customer.go(activationB);
                customer.click("button[type=submit]");
                assertThat(customer.text("h1")).isEqualTo("Subscription activated");
            }
            admin.clickLink("Subscription");
            String subscriptionB = admin.url();

            // the operator moves the one clock past the refund window; projections are listed
            try (Browser operator = Browser.open().signIn(portal, "operator")) {
                assertThat(operator.url()).endsWith("/operator");
                assertThat(operator.text("#projections")).contains("subscription-projection", "billing-projection");
                moveClock(operator, Instant.parse(operator.text("#clock-now")).plus(Duration.ofHours(25)));
                operator.screenshot("12-operator");
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.go(subscriptionB);
                return admin.text("#status").equals("active") && admin.has("#refund-closed");
            });
            admin.click("#cancel"); // after the window: at the term's end, without refund
            assertThat(admin.text("#cancels-at")).isNotBlank();
            assertThat(admin.text("#auto-renew")).isEqualTo("off");
            admin.screenshot("13-cancellation-scheduled");
            admin.click("#undo-cancel");
            assertThat(admin.has("#cancels-at")).isFalse();
            assertThat(admin.text("#auto-renew")).isEqualTo("on");
            admin.click("#toggle-auto-renew");
            assertThat(admin.text("#auto-renew")).isEqualTo("off");
            admin.click("#toggle-auto-renew");
            assertThat(admin.text("#auto-renew")).isEqualTo("on");
            admin.click("#suspend");
            assertThat(admin.text("#status")).isEqualTo("suspended");
            assertThat(admin.has("#change-quantity")).isFalse(); // a suspended subscription keeps its seats
            admin.click("#reinstate");
            assertThat(admin.text("#status")).isEqualTo("active");
            admin.assertLabelled();

            // usable at phone width
            admin.resize(390, 844);
            admin.go(subscriptionB);
            admin.assertFitsWidth();
            admin.screenshot("14-subscription-phone");
            admin.go(portal + "/marketplace");
            admin.assertFitsWidth();
            admin.resize(1280, 1000);

            // the 8th of the next month, 00:00 UTC: the invoice is released
            try (Browser operator = Browser.open().signIn(portal, "operator")) {
                moveClock(operator, month.plusMonths(1).atDay(8).atStartOfDay().plusMinutes(1).toInstant(ZoneOffset.UTC));
            }
        }

        try (Browser billing = Browser.open().signIn(portal, "contoso-billing")) {
            assertThat(billing.url()).endsWith("/billing");
            assertThat(billing.text("nav.side")).contains("Billing").doesNotContain("Customers");
            String period = month.atDay(1) + " – " + month.atEndOfMonth();
            // both read models, each eventually: the released invoice, and the renewal forecast after the reinstatement
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                billing.refresh();
                return billing.all("#invoices tr").stream().anyMatch(r -> r.getText().contains(period)
                        && r.getText().contains("EUR"))
                        && billing.text("#renewals").contains(name + " Sign")
                        && billing.text("#renewals").contains("22.00 EUR");
            });
            assertThat(billing.text("#renewals")).contains("11.00 EUR").doesNotContain("expires");
            billing.screenshot("15-billing");
            billing.navigating(() -> billing.all("#invoices tr").stream()
                    .filter(r -> r.getText().contains(period) && r.getText().contains("EUR"))
                    .findFirst().orElseThrow().findElement(org.openqa.selenium.By.cssSelector("td a")).click());
            invoiceUrl = billing.url();
            String lines = billing.text("#invoice-lines");
            assertThat(lines).contains(company, name + " Sign", "new", "cancelImmediate", "addQuantity");
            billing.screenshot("16-invoice");
            billing.clickStaying("#download-csv");
            Path csv = billing.awaitDownload(".csv");
            assertThat(Files.readString(csv)).contains(company, "portal-sign-" + word);
        }

        try (Browser sales = Browser.open().signIn(portal, "contoso-sales")) {
            assertThat(sales.text("nav.side")).doesNotContain("Billing");
            sales.go(portal + "/billing");
            assertThat(sales.text("h1")).isEqualTo("Not allowed");
            sales.go(portal + "/customers");
            assertThat(sales.text("#customers")).contains(company);
            // signing out ends the identity provider's session too: the portal asks for the password again
            sales.click("header.top button.link");
            await().atMost(Duration.ofSeconds(30)).until(() -> sales.url().endsWith("/signed-out"));
            assertThat(sales.pageText()).contains("You are signed out");
            sales.go(portal + "/customers");
            await().atMost(Duration.ofSeconds(30)).until(() -> sales.has("#username"));
        }

        // the other partner: not in its lists, and not there even by the address
        try (Browser other = Browser.open().signIn(portal, "fabrikam-admin")) {
            other.go(portal + "/customers");
            assertThat(other.text("#customers")).doesNotContain(company);
            other.go(customerUrl);
            assertThat(other.text("h1")).isEqualTo("Not found");
            assertThat(other.pageText()).doesNotContain(company);
        }
        try (Browser other = Browser.open().signIn(portal, "fabrikam-billing")) {
            assertThat(other.all("#invoices tbody tr").stream().map(r -> r.getText()).toList())
                    .noneMatch(row -> row.contains("partner-contoso"));
            other.go(invoiceUrl);
            assertThat(other.text("h1")).isEqualTo("Not found");
        }
    }

    /** From the ISV offers list: a refused quantity, then the cart, its review, the checkout; returns the order's URL. */
    private static String buy(Browser admin, String word, String refusedQuantity, String quantity) {
        admin.click("tr[data-offer-id='portal-sign-" + word + "'] a");
        admin.type("#quantity", refusedQuantity);
        admin.click("#add-to-cart");
        assertThat(admin.text("#quantity-error")).contains("10"); // the SKU's limit, in the API's words
        admin.assertLabelled();
        admin.screenshot("07a-quantity-refused");
        admin.type("#quantity", quantity);
        admin.click("#add-to-cart");
        assertThat(admin.text("#cart-total")).isEqualTo(new java.math.BigDecimal("11.00")
                .multiply(new java.math.BigDecimal(quantity)).setScale(2) + " EUR");
        admin.screenshot("07-cart");
        admin.click("#checkout");
        return awaitFulfilled(admin);
    }

    private static void buyKnownGood(Browser admin, String word, String quantity) {
        admin.click("tr[data-offer-id='portal-sign-" + word + "'] a");
        admin.type("#quantity", quantity);
        admin.click("#add-to-cart");
        admin.click("#checkout");
        awaitFulfilled(admin);
    }

    private static String awaitFulfilled(Browser admin) {
        String orderUrl = admin.url();
        assertThat(orderUrl).contains("/orders/");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            admin.refresh();
            return admin.text(".line-status").equals("fulfilled") && admin.has("code.link")
                    && admin.has("#order-lines a[href*='/subscriptions/']");
        });
        return orderUrl;
    }

    private static void moveClock(Browser operator, Instant to) {
        operator.go(operator.url().replaceAll("/operator.*$", "") + "/operator");
        operator.setValue("#clock-to", LocalDateTime.ofInstant(to, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .toString());
        operator.click("#move-clock");
        assertThat(operator.text(".flash")).contains("The business clock is now");
        assertThat(Instant.parse(operator.text("#clock-now"))).isAfterOrEqualTo(to.truncatedTo(ChronoUnit.SECONDS));
    }

    private static List<String> offerNames(Browser browser) {
        return browser.all("#offers tbody tr[data-offer-id] td:first-child a").stream().map(e -> e.getText()).toList();
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>();
        row.forEach(cell -> cells.add(cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                ? String.valueOf(cell.getNumericCellValue()) : cell.getStringCellValue()));
        return cells;
    }

    private static void publish(String offer) {
        Http.Response published = Http.post(system.operator(), system.url(Service.CATALOG, "/v1/offers"), offer);
        assertThat(published.status()).as(String.valueOf(published.body())).isEqualTo(201);
    }

    private static String offer(String offerId, String name, String kind, String category, String countries,
                                String prices) {
        return """
                {"offerId":"%s","name":"%s","description":"An offer of the portal's test: %s.",
                 "publisher":{"publisherId":"portal-tests","name":"Portal Tests Ltd","kind":"%s",
                              "supportEmail":"help@portal-tests.example","supportUrl":"https://portal-tests.example/help"},
                 "offerType":"SAAS","offeredToCspPartners":true,"categories":["%s"],"countries":%s,
                 "skus":[{"skuId":"std","name":"Standard","term":"P1M","billingCycle":"MONTHLY","minQuantity":1,
                          "maxQuantity":10,"prices":[%s]}]}
                """.formatted(offerId, name, name, kind, category, countries, prices);
    }

    private static String letters(int n) {
        Random random = new Random();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < n; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
