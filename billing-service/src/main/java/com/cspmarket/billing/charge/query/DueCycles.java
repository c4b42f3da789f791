package com.cspmarket.billing.charge.query;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;

/** Subscriptions with a month of a monthly-billed term that started by a day and is not charged yet. */
@Component
public class DueCycles {

    private final JdbcClient jdbc;

    DueCycles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> dueBy(LocalDate today, int limit) {
        return jdbc.sql("""
                        SELECT subscription_id FROM billing_cycle_due WHERE next_month_start <= :today
                        ORDER BY next_month_start, subscription_id LIMIT :limit""")
                .param("today", today).param("limit", limit)
                .query(String.class).list();
    }
}
