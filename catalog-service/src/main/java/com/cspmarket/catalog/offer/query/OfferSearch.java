package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A catalog query: keywords (every word must match a word of the name, publisher, categories or description, as a
 * prefix), filters, paging and sorting. Null filters do not filter.
 */
public record OfferSearch(String keywords, OfferType offerType, String category, PublisherKind publisherKind,
                          String country, boolean includeWithdrawn, Sort sort, int page, int size) {

    public enum Sort {
        NAME("name", "lower(o.name), o.offer_id", "m.name_key, m.offer_id"),
        NAME_DESC("-name", "lower(o.name) DESC, o.offer_id DESC", "m.name_key DESC, m.offer_id DESC"),
        PUBLISHER("publisher", "lower(o.publisher_name), lower(o.name), o.offer_id",
                "m.publisher_key, m.name_key, m.offer_id"),
        NEWEST("-publishedAt", "o.published_at DESC, o.offer_id", "m.published_at DESC, m.offer_id"),
        /** By how well the keywords match (name first, then publisher, then the rest), then by name. */
        RELEVANCE("relevance", "ts_rank(o.search, to_tsquery('simple', :tsq)) DESC, lower(o.name), o.offer_id",
                "m.rank DESC, m.name_key, m.offer_id");

        private final String parameter;
        private final String orderBy;
        private final String matchOrder;

        Sort(String parameter, String orderBy, String matchOrder) {
            this.parameter = parameter;
            this.orderBy = orderBy;
            this.matchOrder = matchOrder;
        }

        /** ORDER BY over offer_view {@code o}. */
        String orderBy() {
            return orderBy;
        }

        /** ORDER BY over the matches {@code m} (name_key, publisher_key, published_at, rank), the same order. */
        String matchOrder() {
            return matchOrder;
        }

        public static Optional<Sort> parse(String parameter) {
            return Arrays.stream(values()).filter(s -> s.parameter.equals(parameter)).findFirst();
        }

        public static List<String> parameters() {
            return Arrays.stream(values()).map(s -> s.parameter).toList();
        }
    }

    /** The sort this search runs: relevance without keywords is by name. */
    Sort effectiveSort() {
        return sort == Sort.RELEVANCE && tsQuery().isEmpty() ? Sort.NAME : sort;
    }

    /** The keywords as a PostgreSQL prefix query ({@code word1:* & word2:*}), or empty for no keyword filter. */
    Optional<String> tsQuery() {
        List<String> words = words();
        return words.isEmpty() ? Optional.empty()
                : Optional.of(String.join(" & ", words.stream().map(w -> w + ":*").toList()));
    }

    /**
     * The keywords' words, lower case (at most 10; none for no keyword filter), split as {@link #words(String)}
     * splits what they are matched against.
     */
    List<String> words() {
        if (keywords == null || keywords.isBlank()) {
            return List.of();
        }
        List<String> words = words(keywords).stream().limit(10).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("keywords must contain letters or digits");
        }
        return words;
    }

    /** The words of a text: runs of letters and digits, lower case. */
    static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }
}
