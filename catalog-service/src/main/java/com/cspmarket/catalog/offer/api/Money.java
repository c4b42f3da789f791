package com.cspmarket.catalog.offer.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An exact, non-negative amount in a currency, with no more decimals than the currency has. */
public record Money(BigDecimal amount, Currency currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a price cannot be negative: " + amount);
        }
        if (amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw new IllegalArgumentException(amount + " has more decimals than " + currency + " allows");
        }
        amount = amount.setScale(currency.getDefaultFractionDigits());
    }
}
