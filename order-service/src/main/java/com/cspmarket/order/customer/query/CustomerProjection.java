package com.cspmarket.order.customer.query;

import com.cspmarket.kit.ProjectedTables;
import com.cspmarket.order.customer.api.CustomerCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

@Component
@ProcessingGroup("customer-projection")
public class CustomerProjection implements ProjectedTables {

    private final JdbcClient jdbc;

    CustomerProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerCreated event, @Timestamp Instant at) {
        jdbc.sql("""
                        INSERT INTO customer_view (customer_id, partner_id, company_name, billing_country, created_at)
                        VALUES (:id, :partner, :name, :country, :at) ON CONFLICT (customer_id) DO NOTHING""")
                .param("id", event.customerId().value()).param("partner", event.partnerId())
                .param("name", event.companyName()).param("country", event.billingCountry())
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
    }

    @Override
    public List<String> projectedTables() {
        return List.of("customer_view");
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM customer_view").update();
    }

    public Optional<CustomerView> find(String customerId) {
        return jdbc.sql("SELECT customer_id, partner_id, company_name, billing_country, created_at FROM customer_view WHERE customer_id = :id")
                .param("id", customerId)
                .query((rs, n) -> new CustomerView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .optional();
    }

    public List<CustomerView> forPartner(String partnerId) {
        return jdbc.sql("SELECT customer_id, partner_id, company_name, billing_country, created_at FROM customer_view WHERE partner_id = :p ORDER BY company_name")
                .param("p", partnerId)
                .query((rs, n) -> new CustomerView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }
}
