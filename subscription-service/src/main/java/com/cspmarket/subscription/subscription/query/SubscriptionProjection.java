package com.cspmarket.subscription.subscription.query;

import com.cspmarket.subscription.subscription.api.AutoRenewChanged;
import com.cspmarket.subscription.subscription.api.CancellationScheduled;
import com.cspmarket.subscription.subscription.api.ScheduledCancellationUndone;
import com.cspmarket.subscription.subscription.api.SubscriptionActivated;
import com.cspmarket.subscription.subscription.api.SubscriptionCancelled;
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
import java.util.function.UnaryOperator;

/** subscription_view; each event applies once (guarded by the subscription's version): replay-safe. */
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
                e.unitPrice().amount(), e.unitPrice().currency().getCurrencyCode(), e.purchasedAt(), e.termStart(),
                e.termEnd(), e.orderId(), e.orderLineNumber(), e.partnerId(), e.customerId(), e.activationLink(),
                e.cancellableUntil(), e.cancellationPolicyVersion(), null, null, version);
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
        change(e.subscriptionId().value(), version, v -> v.with("active", null, e.termStart(), e.termEnd(), null, false, null, version));
    }

    @EventHandler
    void on(SubscriptionCancelled e, @SequenceNumber long version) throws JsonProcessingException {
        change(e.subscriptionId().value(), version, v -> v.with("cancelled", false, null, null, null, true, e.cancelledAt(), version));
    }

    @EventHandler
    void on(CancellationScheduled e, @SequenceNumber long version) throws JsonProcessingException {
        change(e.subscriptionId().value(), version, v -> v.with(null, null, null, null, e.effectiveAt(), false, null, version));
    }

    @EventHandler
    void on(ScheduledCancellationUndone e, @SequenceNumber long version) throws JsonProcessingException {
        change(e.subscriptionId().value(), version, v -> v.with(null, null, null, null, null, true, null, version));
    }

    @EventHandler
    void on(AutoRenewChanged e, @SequenceNumber long version) throws JsonProcessingException {
        change(e.subscriptionId().value(), version, v -> v.with(null, e.autoRenewEnabled(), null, null, null, false, null, version));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM subscription_view").update();
    }

    private void change(String id, long version, UnaryOperator<SubscriptionView> change) throws JsonProcessingException {
        Optional<SubscriptionView> current = jdbc.sql("SELECT document FROM subscription_view WHERE subscription_id = :id")
                .param("id", id).query((rs, n) -> read(rs.getString(1))).optional();
        if (current.isEmpty() || current.get().version() >= version) {
            return;
        }
        SubscriptionView next = change.apply(current.get());
        jdbc.sql("UPDATE subscription_view SET status = :status, document = CAST(:doc AS jsonb), version = :version WHERE subscription_id = :id")
                .param("status", next.status()).param("doc", json.writeValueAsString(next)).param("version", version)
                .param("id", id)
                .update();
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
