package com.cspmarket.order.customer.query;

import com.cspmarket.kit.ProjectedTables;
import com.cspmarket.order.customer.api.BillingProfile;
import com.cspmarket.order.customer.api.BillingProfileUpdated;
import com.cspmarket.order.customer.api.CustomerCreated;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** customer_view; each event applies once (guarded by the customer's version), so redelivery and replay are safe. */
@Component
@ProcessingGroup("customer-projection")
public class CustomerProjection implements ProjectedTables {

    private static final String COLUMNS = "customer_id, partner_id, company_name, billing_country, created_at, domain, "
            + "billing_profile, version";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CustomerProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(CustomerCreated event, @Timestamp Instant at, @SequenceNumber long version) throws JsonProcessingException {
        jdbc.sql("""
                        INSERT INTO customer_view (customer_id, partner_id, company_name, billing_country, created_at,
                                                   domain, billing_profile, version)
                        VALUES (:id, :partner, :name, :country, :at, :domain, CAST(:profile AS jsonb), :version)
                        ON CONFLICT (customer_id) DO NOTHING""")
                .param("id", event.customerId().value()).param("partner", event.partnerId())
                .param("name", event.companyName()).param("country", event.billingCountry())
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).param("domain", event.domain())
                .param("profile", json.writeValueAsString(event.profile())).param("version", version)
                .update();
    }

    @EventHandler
    void on(BillingProfileUpdated event, @SequenceNumber long version) throws JsonProcessingException {
        jdbc.sql("""
                        UPDATE customer_view SET billing_profile = CAST(:profile AS jsonb), company_name = :name, version = :version
                        WHERE customer_id = :id AND version < :version""")
                .param("profile", json.writeValueAsString(event.billingProfile()))
                .param("name", event.billingProfile().companyName())
                .param("version", version).param("id", event.customerId().value())
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
        return jdbc.sql("SELECT " + COLUMNS + " FROM customer_view WHERE customer_id = :id")
                .param("id", customerId)
                .query((rs, n) -> view(rs))
                .optional();
    }

    public List<CustomerView> forPartner(String partnerId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM customer_view WHERE partner_id = :p ORDER BY company_name, customer_id")
                .param("p", partnerId)
                .query((rs, n) -> view(rs))
                .list();
    }

    private CustomerView view(ResultSet rs) throws SQLException {
        String profile = rs.getString(7);
        try {
            return new CustomerView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6),
                    profile == null ? BillingProfile.minimal(rs.getString(3), rs.getString(4))
                            : json.readValue(profile, BillingProfile.class),
                    rs.getLong(8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable billing profile of customer " + rs.getString(1), e);
        }
    }
}
