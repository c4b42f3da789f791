package com.cspmarket.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object of the API as the pages read it: a member the API left out (it omits nulls) reads as null in a
 * template ({@code ${subscription.platform.cancelledAt}}) instead of failing the page, so every name "exists".
 */
public class JsonObject extends LinkedHashMap<String, Object> {

    public JsonObject() {
    }

    public JsonObject(Map<String, ?> members) {
        members.forEach(this::put);
    }

    /** Nested objects and arrays become JsonObjects too (Jackson fills a map through put). */
    @Override
    public Object put(String key, Object value) {
        return super.put(key, wrap(value));
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String || super.containsKey(key);
    }

    @SuppressWarnings("unchecked")
    static Object wrap(Object value) {
        if (value instanceof JsonObject) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return new JsonObject((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonObject::wrap).toList();
        }
        return value;
    }
}
