package com.cspmarket.catalog.offer.web;

import com.cspmarket.kit.BusinessException;
import org.springframework.http.HttpStatus;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes, as markets and billing countries are given. */
final class Countries {

    private static final Set<String> KNOWN = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    /** @return the code, or null for null; a code that is not a country is a 400 problem */
    static String require(String code) {
        if (code == null) {
            return null;
        }
        if (!KNOWN.contains(code)) {
            throw new BusinessException("unknown-country", HttpStatus.BAD_REQUEST,
                    "unknown country code '" + code + "' (ISO 3166-1 alpha-2 expected, e.g. US, DE)");
        }
        return code;
    }
}
