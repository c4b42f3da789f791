package com.cspmarket.subscription.subscription.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** An exact amount in a currency, scaled to the currency's minor unit. Never a double. */
public record Money(BigDecimal amount, Currency currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw new IllegalArgumentException(amount + " has more decimals than " + currency + " allows");
        }
        amount = amount.setScale(currency.getDefaultFractionDigits());
    }
}
