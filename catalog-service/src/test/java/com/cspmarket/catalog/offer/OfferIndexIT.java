package com.cspmarket.catalog.offer;

import com.cspmarket.catalog.ServiceIT;
import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferSummary;
import com.cspmarket.catalog.offer.query.CatalogViews.Page;
import com.cspmarket.catalog.offer.query.OfferIndex;
import com.cspmarket.catalog.offer.query.OfferReadModel;
import com.cspmarket.catalog.offer.query.OfferSearch;
import com.cspmarket.catalog.offer.query.OfferSearch.Sort;
import com.cspmarket.local.RepeatableTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory search index answers as PostgreSQL does, sees every offer written before a search, and starts again
 * when rows of offer_view are deleted (a projection reset).
 */
class OfferIndexIT extends ServiceIT {

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OfferIndex index;

    @Autowired
    OfferReadModel readModel;

    @Autowired
    com.cspmarket.kit.MovableClock clock;

    String run;

    @BeforeEach
    void indexBuilt() {
        await().atMost(Duration.ofSeconds(30)).until(index::ready);
        run = "zi" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    String publish(String name, String type, String kind, String categories, String countries) {
        String id = "lamna." + name.toLowerCase().replace(' ', '-') + "-" + run;
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        String body = """
                {"offerId":"%s","name":"%s %s","description":"Backups for every team, daily",
                 "publisher":{"publisherId":"pub","name":"Lamna %s","supportEmail":"help@lamna.example","kind":"%s"},
                 "offerType":"%s","offeredToCspPartners":true,"categories":%s,"countries":%s,
                 "skus":[{"skuId":"pro","name":"Pro","term":"P1M","billingCycle":"MONTHLY","minQuantity":1,"maxQuantity":100,
                          "prices":[{"market":"US","unitPrice":"10.00","currency":"USD","effectiveFrom":"%s"}]}]}
                """.formatted(id, name, run, name.split(" ")[0], kind, type, categories, countries, LocalDate.now(clock));
        var response = http.exchange("/v1/offers", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        return id;
    }

    /** Publishes an offer and has the index read it: in a segment of its own, after those of earlier offers. */
    String publishAndRead(String name, String type, String kind, String categories, String countries) {
        String id = publish(name, type, kind, categories, countries);
        awaitProjected(id);
        assertThat(index.search(search(run, null, null, null, null, true, Sort.NAME, 0, 50)).items())
                .extracting(OfferSummary::offerId).contains(id);
        return id;
    }

    void awaitProjected(String offerId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM offer_view WHERE offer_id = :id")
                .param("id", offerId).query(Long.class).single() == 1);
    }

    static OfferSearch search(String q, OfferType type, String category, PublisherKind kind, String country,
                              boolean withdrawn, Sort sort, int page, int size) {
        return new OfferSearch(q, type, category, kind, country, withdrawn, sort, page, size);
    }

    @RepeatableTest
    void answersAsTheDatabaseDoesInEverySortAndFilterAcrossItsSegments() {
        // published one by one: the index takes each in with a read of its own, in a segment of its own, so a
        // search by name merges several runs
        List<String> ids = new ArrayList<>();
        ids.add(publishAndRead("Zeta Backup", "SAAS", "THIRD_PARTY", "[\"Security\",\"Storage\"]", "[\"US\",\"DE\"]"));
        ids.add(publishAndRead("alpha Analytics", "SAAS", "FIRST_PARTY", "[\"Analytics\"]", "[\"US\"]"));
        ids.add(publishAndRead("Mu Firewall", "VIRTUAL_MACHINE", "THIRD_PARTY", "[\"Security\"]", "[\"GB\",\"US\"]"));
        ids.add(publishAndRead("beta Backup", "SAAS", "THIRD_PARTY", "[]", "[\"DE\"]"));
        ids.add(publishAndRead("ALPHA Insights", "SAAS", "THIRD_PARTY", "[\"Analytics\",\"Security\"]", "[\"JP\",\"US\"]"));
        List<OfferSearch> searches = new ArrayList<>();
        for (Sort sort : Sort.values()) {
            for (int page = 0; page < 3; page++) {
                searches.add(search(run, null, null, null, null, false, sort, page, 2));
            }
            searches.add(search("backup " + run, null, null, null, null, false, sort, 0, 50));
            searches.add(search("lamna ana " + run, OfferType.SAAS, null, null, null, false, sort, 0, 50));
            searches.add(search(run, null, "Security", null, "US", false, sort, 0, 50));
            searches.add(search(run, null, null, PublisherKind.THIRD_PARTY, "DE", false, sort, 0, 50));
            searches.add(search("team daily " + run, null, null, null, null, true, sort, 0, 50)); // the description
            searches.add(search("storage " + run, null, null, null, null, false, sort, 0, 50)); // a category
            searches.add(search("nomatch " + run, null, null, null, null, false, sort, 0, 50));
        }
        for (OfferSearch s : searches) {
            Page<OfferSummary> fromIndex = index.search(s);
            Page<OfferSummary> fromDatabase = readModel.searchPlainly(s);
            if (s.sort() == Sort.RELEVANCE) { // ranked by weights alone; ts_rank also counts repetitions
                assertThat(fromIndex.totalCount()).as(s.toString()).isEqualTo(fromDatabase.totalCount());
                assertThat(fromIndex.items()).as(s.toString()).hasSameSizeAs(fromDatabase.items());
            } else {
                assertThat(fromIndex).as(s.toString()).isEqualTo(fromDatabase);
            }
        }
        assertThat(index.search(search(run, null, null, null, null, false, Sort.NAME, 0, 50)).items())
                .extracting(OfferSummary::offerId).hasSize(5);
        // relevance: a keyword in the name weighs more than one in the description only; ties by name
        assertThat(index.search(search("backup " + run, null, null, null, null, false, Sort.RELEVANCE, 0, 50)).items())
                .extracting(OfferSummary::offerId)
                .containsExactly(ids.get(3), ids.get(0), ids.get(1), ids.get(4), ids.get(2));
    }

    @RepeatableTest
    void aSearchSeesEveryOfferWrittenBeforeItWithoutWaiting() {
        String id = publish("Kappa Backup", "SAAS", "THIRD_PARTY", "[\"Storage\"]", "[\"US\"]");
        awaitProjected(id);
        assertThat(index.search(search("kappa " + run, null, null, null, null, false, Sort.NAME, 0, 50)).items())
                .extracting(OfferSummary::offerId).containsExactly(id);
        jdbc.sql("UPDATE offer_view SET withdrawn = true WHERE offer_id = :id").param("id", id).update();
        assertThat(index.search(search("kappa " + run, null, null, null, null, false, Sort.NAME, 0, 50)).totalCount())
                .isZero();
        assertThat(index.search(search("kappa " + run, null, null, null, null, true, Sort.NAME, 0, 50)).items())
                .extracting(OfferSummary::withdrawn).containsExactly(true);
    }

    @RepeatableTest
    void deletedRowsAreReadAgainFromWhatIsLeft() {
        String kept = publish("Omega Backup", "SAAS", "THIRD_PARTY", "[]", "[\"US\"]");
        String deleted = publish("Omega Mail", "SAAS", "THIRD_PARTY", "[]", "[\"US\"]");
        awaitProjected(kept);
        awaitProjected(deleted);
        assertThat(index.search(search("omega " + run, null, null, null, null, false, Sort.NAME, 0, 50)).totalCount())
                .isEqualTo(2);
        jdbc.sql("DELETE FROM offer_view WHERE offer_id = :id").param("id", deleted).update(); // as a reset does
        assertThat(index.search(search("omega " + run, null, null, null, null, false, Sort.NAME, 0, 50)).items())
                .extracting(OfferSummary::offerId).containsExactly(kept);
    }
}
