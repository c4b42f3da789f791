package com.cspmarket.billing.charge.api;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in a currency, scaled to the currency's minor unit (2 for USD/EUR, 0 for JPY). Never a double.
 * Multiplying by a whole quantity is exact. The one rounding is {@link #prorated}: a part of a billing cycle is
 * rounded half up to the minor unit, once per charge line; invoice totals are exact sums of the lines.
 */
public record Money(BigDecimal amount, Currency currency) {
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw new IllegalArgumentException(amount + " has more decimals than " + currency + " allows");
        }
        amount = amount.setScale(currency.getDefaultFractionDigits());
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    /**
     * {@code this x quantity x days / ofDays}, computed exactly and rounded once, half up, to the currency's minor
     * unit: 3 seats at 10.00 for 10 of 30 days is 10.00; 1 seat at 10.00 for 1 of 31 days is 0.32.
     */
    public Money prorated(int quantity, long days, long ofDays) {
        if (ofDays <= 0 || days < 0 || days > ofDays) {
            throw new IllegalArgumentException(days + " of " + ofDays + " days is not a part of a billing cycle");
        }
        BigDecimal exact = amount.multiply(BigDecimal.valueOf(quantity)).multiply(BigDecimal.valueOf(days));
        return new Money(exact.divide(BigDecimal.valueOf(ofDays), currency.getDefaultFractionDigits(),
                java.math.RoundingMode.HALF_UP), currency);
    }

    public Money times(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }
}
