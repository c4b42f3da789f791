package com.cspmarket.subscription.subscription.query;

import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.kit.EventBatch;
import com.cspmarket.kit.ProjectedTables;
import com.cspmarket.subscription.subscription.api.SubscriptionEvent;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchaseRejected;
import com.cspmarket.subscription.subscription.api.SubscriptionPurchased;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * subscription_view; each event applies once (guarded by the subscription's version): replay-safe. A batch of events
 * is written together when its transaction commits.
 */
@Component
@ProcessingGroup("subscription-projection")
public class SubscriptionProjection implements ProjectedTables {

    private static final BatchedWrites.Rows UPSERT = BatchedWrites.Rows.into("subscription_view", """
                    ON CONFLICT (subscription_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
                        partner_id = EXCLUDED.partner_id, order_id = EXCLUDED.order_id, status = EXCLUDED.status,
                        document = EXCLUDED.document, version = EXCLUDED.version, term_end = EXCLUDED.term_end,
                        activation_deadline = COALESCE(EXCLUDED.activation_deadline, subscription_view.activation_deadline)
                    WHERE subscription_view.version < EXCLUDED.version""",
            "subscription_id varchar", "customer_id varchar", "partner_id varchar", "order_id varchar", "status varchar",
            "document text", "version bigint", "term_end timestamptz", "activation_deadline timestamptz");

    private final JdbcClient jdbc;
    private final BatchedWrites writes;
    private final ObjectMapper json;

    SubscriptionProjection(JdbcClient jdbc, BatchedWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
    }

    @EventHandler
    void on(SubscriptionPurchased e, @SequenceNumber long version) {
        SubscriptionView view = SubscriptionFold.apply(null, e, version);
        // purchased again (redelivered): a later state this batch holds stays, and the row keeps its later version (the
        // upsert only writes over an older one); the events after the purchase are delivered again after it, in order
        Map<String, SubscriptionView> seen = seen();
        seen.merge(view.id(), view, (earlier, purchase) -> earlier.version() >= purchase.version() ? earlier : purchase);
        write(seen, view.id());
    }

    /** Every later event of an existing subscription: the same fold the as-of queries use. */
    @EventHandler
    void on(SubscriptionEvent e, @SequenceNumber long version) {
        if (e instanceof SubscriptionPurchased || e instanceof SubscriptionPurchaseRejected) {
            return;
        }
        change(e.subscriptionId().value(), version, v -> SubscriptionFold.apply(v, e, version));
    }

    @Override
    public List<String> projectedTables() {
        return List.of("subscription_view");
    }

    @ResetHandler
    void reset() {
        writes.flush();
        seen().clear();
        // TRUNCATE, not DELETE: a rebuild then writes into an empty file, with no dead rows to skip and vacuum (its lock
        // makes readers wait for the reset's transaction, which commits at once)
        jdbc.sql("TRUNCATE subscription_view").update();
    }

    /**
     * The subscription as this batch of events left it: read once per batch, then changed in memory, its row written
     * once when the batch commits, with its latest state ({@link BatchedWrites#queueLatest}).
     */
    private void change(String id, long version, UnaryOperator<SubscriptionView> change) {
        Map<String, SubscriptionView> seen = seen();
        SubscriptionView current = seen.containsKey(id) ? seen.get(id) : readWithTheBatch(seen, id);
        if (current == null || current.version() >= version) {
            return;
        }
        seen.put(id, change.apply(current));
        write(seen, id);
    }

    /**
     * The subscription's row, read together with the rows of every other subscription the batch of events holds events
     * of and this transaction has not read yet ({@link EventBatch}): one query per batch, not one per event. Each read
     * id is remembered in {@code seen}, a missing row as null, so it is not read twice.
     */
    private SubscriptionView readWithTheBatch(Map<String, SubscriptionView> seen, String id) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(id);
        for (EventMessage<?> event : EventBatch.current()) {
            if (SubscriptionEvent.class.isAssignableFrom(event.getPayloadType())
                    && !SubscriptionPurchased.class.equals(event.getPayloadType())
                    && event.getPayload() instanceof SubscriptionEvent e) {
                String other = e.subscriptionId().value();
                if (!seen.containsKey(other)) {
                    ids.add(other);
                }
            }
        }
        Map<String, SubscriptionView> read = new HashMap<>();
        jdbc.sql("SELECT document FROM subscription_view WHERE subscription_id = ANY(CAST(:ids AS varchar[]))")
                .param("ids", ids.toArray(String[]::new))
                .query((rs, n) -> read(rs.getString(1))).list()
                .forEach(view -> read.put(view.id(), view));
        ids.forEach(i -> seen.put(i, read.get(i)));
        return read.get(id);
    }

    /**
     * The row is a function of the view alone (every column from it), so writing only the batch's last state of a
     * subscription leaves the same row as writing each event's; the version guard keeps a redelivered older event from
     * writing over a later state.
     */
    private void write(Map<String, SubscriptionView> seen, String id) {
        writes.queueLatestRow(UPSERT, id, () -> {
            SubscriptionView view = seen.get(id);
            try {
                return new Object[]{view.id(), view.customerId(), view.partnerId(), view.orderId(), view.status(),
                        json.writeValueAsString(view), view.version(), view.commitmentEndDate(),
                        view.activationDeadline()};
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("subscription " + id + " cannot be written as JSON", ex);
            }
        });
    }

    private Map<String, SubscriptionView> seen() {
        return writes.cache("subscription_view");
    }

    public Optional<SubscriptionView> find(String customerId, String subscriptionId) {
        return jdbc.sql("SELECT document FROM subscription_view WHERE subscription_id = :id AND customer_id = :customer")
                .param("id", subscriptionId).param("customer", customerId)
                .query((rs, n) -> read(rs.getString(1))).optional();
    }

    /**
     * Active or suspended subscriptions whose term ended by {@code now}, in (term end, id) order, the page after
     * {@code afterTermEnd}/{@code afterId} (both null for the first page).
     */
    public List<SubscriptionView> termEnded(Instant now, Instant afterTermEnd, String afterId, int limit) {
        return jdbc.sql("""
                        SELECT document FROM subscription_view
                        WHERE status IN ('active', 'suspended') AND term_end <= :now
                          AND (CAST(:afterEnd AS timestamptz) IS NULL OR (term_end, subscription_id) > (CAST(:afterEnd AS timestamptz), CAST(:afterId AS varchar)))
                        ORDER BY term_end, subscription_id LIMIT :limit""")
                .param("now", utc(now)).param("afterEnd", utc(afterTermEnd)).param("afterId", afterId)
                .param("limit", limit)
                .query((rs, n) -> read(rs.getString(1))).list();
    }

    /**
     * Pending subscriptions whose activation deadline passed by {@code now}, in (deadline, id) order, the page after
     * {@code afterDeadline}/{@code afterId} (both null for the first page).
     */
    public List<SubscriptionView> activationDeadlinePassed(Instant now, Instant afterDeadline, String afterId, int limit) {
        return jdbc.sql("""
                        SELECT document FROM subscription_view
                        WHERE status = 'pending' AND activation_deadline <= :now
                          AND (CAST(:after AS timestamptz) IS NULL
                               OR (activation_deadline, subscription_id) > (CAST(:after AS timestamptz), CAST(:afterId AS varchar)))
                        ORDER BY activation_deadline, subscription_id LIMIT :limit""")
                .param("now", utc(now)).param("after", utc(afterDeadline)).param("afterId", afterId)
                .param("limit", limit)
                .query((rs, n) -> read(rs.getString(1))).list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The partner that sold this customer subscriptions, if it has any here. */
    public Optional<String> partnerOfCustomer(String customerId) {
        return jdbc.sql("SELECT partner_id FROM subscription_view WHERE customer_id = :customer LIMIT 1")
                .param("customer", customerId).query(String.class).optional();
    }

    public Optional<String> partnerOf(String subscriptionId) {
        return jdbc.sql("SELECT partner_id FROM subscription_view WHERE subscription_id = :id")
                .param("id", subscriptionId).query(String.class).optional();
    }

    /** A partner's active or suspended subscriptions whose term ends in [from, until), by term end. */
    public List<SubscriptionView> termEndingBetween(String partnerId, Instant from, Instant until) {
        return jdbc.sql("""
                        SELECT document FROM subscription_view
                        WHERE partner_id = :partner AND status IN ('active', 'suspended')
                          AND term_end >= :from AND term_end < :until
                        ORDER BY term_end, subscription_id""")
                .param("partner", partnerId).param("from", utc(from)).param("until", utc(until))
                .query((rs, n) -> read(rs.getString(1))).list();
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
