package com.cspmarket.kit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Partner Center's resource envelope, for every service's public API: a link ({@code uri} relative to the API's base,
 * without {@code /v1}, {@code method}, {@code headers}), a collection ({@code totalCount}, {@code items},
 * {@code links.self} / {@code links.next}, {@code attributes.objectType: "Collection"}) and a resource's
 * {@code attributes} ({@code objectType}, and {@code etag} on a versioned resource).
 */
public final class PartnerCenter {

    private PartnerCenter() {
    }

    public record Header(String key, String value) {
    }

    public record Link(String uri, String method, List<Header> headers) {
        public static Link get(String uri) {
            return new Link(uri, "GET", List.of());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attributes(String etag, String objectType) {
        public static Attributes of(String objectType) {
            return new Attributes(null, objectType);
        }

        public static Attributes versioned(String objectType, long version) {
            return new Attributes(String.valueOf(version), objectType);
        }
    }

    /** A page of resources; {@code next} (or null) is the link to the following page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Collection<T>(int totalCount, List<T> items, Map<String, Link> links, Attributes attributes,
                                String continuationToken) {

        public static <T> Collection<T> of(List<T> items, String self) {
            return of(items, self, null);
        }

        public static <T> Collection<T> of(List<T> items, String self, Link next) {
            Map<String, Link> links = new LinkedHashMap<>();
            links.put("self", Link.get(self));
            if (next != null) {
                links.put("next", next);
            }
            return new Collection<>(items.size(), List.copyOf(items), links, Attributes.of("Collection"), null);
        }

        /** A seek-based page (Partner Center's invoice line items): the token also travels in {@code links.next}. */
        public static <T> Collection<T> seek(List<T> items, String self, String nextUri, String token) {
            Map<String, Link> links = new LinkedHashMap<>();
            links.put("self", Link.get(self));
            if (token != null) {
                links.put("next", new Link(nextUri, "GET", List.of(new Header("MS-ContinuationToken", token))));
            }
            return new Collection<>(items.size(), List.copyOf(items), links, Attributes.of("Collection"), token);
        }
    }
}
