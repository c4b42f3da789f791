package com.cspmarket.subscription.subscription.query;

import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

@Component
@ProcessingGroup("subscription-projection")
public class SubscriptionProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SubscriptionProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(SubscriptionPurchased e, @SequenceNumber long version) throws JsonProcessingException {
        SubscriptionView view = new SubscriptionView(e.subscriptionId().value(), e.offerId(), e.offerName(),
                e.publisherName(), e.skuId(), e.quantity(), "pending", true, e.term().name(), e.billingCycle().name(),
                e.unitPrice().amount(), e.unitPrice().currency().getCurrencyCode(), e.purchasedAt(), e.termStart(), e.termEnd(),
                e.orderId(), e.orderLineNumber(), e.partnerId(), e.customerId(), e.activationLink());
        jdbc.sql("""
                        INSERT INTO subscription_view (subscription_id, customer_id, partner_id, order_id, status, document, version)
                        VALUES (:id, :customer, :partner, :order, 'pending', CAST(:doc AS jsonb), :version)
                        ON CONFLICT (subscription_id) DO NOTHING""")
                .param("id", view.id()).param("customer", view.customerId()).param("partner", view.partnerId())
                .param("order", view.orderId()).param("doc", json.writeValueAsString(view)).param("version", version)
                .update();
    }

    @EventHandler
    void on(SubscriptionActivated e, @SequenceNumber long version) throws JsonProcessingException {
        SubscriptionView current = jdbc.sql("SELECT document FROM subscription_view WHERE subscription_id = :id")
                .param("id", e.subscriptionId().value()).query((rs, n) -> read(rs.getString(1))).single();
        SubscriptionView view = new SubscriptionView(current.id(), current.offerId(), current.offerName(),
                current.publisherName(), current.skuId(), current.quantity(), "active", current.autoRenewEnabled(),
                current.termDuration(), current.billingCycle(), current.unitPrice(), current.currency(),
                current.creationDate(), e.termStart(), e.termEnd(), current.orderId(), current.orderLineNumber(),
                current.partnerId(), current.customerId(), current.activationLink());
        jdbc.sql("""
                        UPDATE subscription_view SET status = 'active', document = CAST(:doc AS jsonb), version = :version
                        WHERE subscription_id = :id AND version < :version""")
                .param("doc", json.writeValueAsString(view)).param("version", version).param("id", view.id())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM subscription_view").update();
    }

    public Optional<SubscriptionView> find(String customerId, String subscriptionId) {
        return jdbc.sql("SELECT document FROM subscription_view WHERE subscription_id = :id AND customer_id = :customer")
                .param("id", subscriptionId).param("customer", customerId)
                .query((rs, n) -> read(rs.getString(1))).optional();
    }

    public List<SubscriptionView> forCustomer(String customerId) {
        return jdbc.sql("SELECT document FROM subscription_view WHERE customer_id = :customer ORDER BY subscription_id")
                .param("customer", customerId)
                .query((rs, n) -> read(rs.getString(1))).list();
    }

    private SubscriptionView read(String doc) {
        try {
            return json.readValue(doc, SubscriptionView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable subscription_view document", e);
        }
    }
}
