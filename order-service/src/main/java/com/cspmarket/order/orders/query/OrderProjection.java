package com.cspmarket.order.orders.query;

import com.cspmarket.kit.BatchedWrites;
import com.cspmarket.kit.ProjectedTables;
import com.cspmarket.order.orders.api.OrderCompleted;
import com.cspmarket.order.orders.api.OrderLineFailed;
import com.cspmarket.order.orders.api.OrderLineFulfilled;
import com.cspmarket.order.orders.api.OrderPlaced;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * order_view; each event applies once (guarded by the order's version), so redelivery and replay are safe. A batch of
 * events is written together when its transaction commits.
 */
@Component
@ProcessingGroup("order-projection")
public class OrderProjection implements ProjectedTables {

    private static final Set<String> ORDER_VIEW = Set.of("order_view");

    private static final String UPSERT = """
            INSERT INTO order_view (order_id, customer_id, partner_id, placed_at, document, version)
            VALUES (:id, :customer, :partner, :at, CAST(:doc AS jsonb), :version)
            ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, partner_id = EXCLUDED.partner_id,
                placed_at = EXCLUDED.placed_at, document = EXCLUDED.document, version = EXCLUDED.version
            WHERE order_view.version < EXCLUDED.version""";

    private final JdbcClient jdbc;
    private final BatchedWrites writes;
    private final ObjectMapper json;

    OrderProjection(JdbcClient jdbc, BatchedWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long version) {
        List<OrderView.Line> lines = event.lines().stream().map(l -> new OrderView.Line(l.lineNumber(), l.offerId(),
                l.offerName(), l.publisherName(), l.skuId(), l.quantity(), l.term(), l.billingCycle(),
                l.quotedUnitPrice(), "pending", null, null, null, null,
                l.availabilityId() == null ? event.billingCountry() : l.availabilityId(), l.friendlyName(),
                l.provisioningContext())).toList();
        OrderView view = new OrderView(event.orderId().value(), event.customerId().value(), event.partnerId(),
                event.cartId().value(), event.billingCountry(), lines, event.placedAt(), "pending", version);
        // an order placed again (redelivered): a later state this batch holds stays, and the row keeps its later version
        // (the upsert only writes over an older one); the events after it are delivered again after it, in order
        Map<String, OrderView> seen = seen();
        seen.merge(view.id(), view, (earlier, placed) -> earlier.version() >= placed.version() ? earlier : placed);
        write(seen, view.id());
    }

    @EventHandler
    void on(OrderLineFulfilled event, @SequenceNumber long version) {
        change(event.orderId().value(), version, view -> withLine(view, event.lineNumber(),
                line -> line.fulfilled(event.subscriptionId(), event.activationLink())));
    }

    @EventHandler
    void on(OrderLineFailed event, @SequenceNumber long version) {
        change(event.orderId().value(), version, view -> withLine(view, event.lineNumber(),
                line -> line.failed(event.reason(), event.description())));
    }

    @EventHandler
    void on(OrderCompleted event, @SequenceNumber long version) {
        change(event.orderId().value(), version, view -> new OrderView(view.id(), view.referenceCustomerId(),
                view.partnerId(), view.cartId(), view.billingCountry(), view.lineItems(), view.creationDate(),
                "completed", view.version()));
    }

    @Override
    public List<String> projectedTables() {
        return List.of("order_view");
    }

    @ResetHandler
    void reset() {
        writes.flush();
        seen().clear();
        jdbc.sql("DELETE FROM order_view").update();
    }

    private static OrderView withLine(OrderView view, int lineNumber, UnaryOperator<OrderView.Line> change) {
        return new OrderView(view.id(), view.referenceCustomerId(), view.partnerId(), view.cartId(), view.billingCountry(),
                view.lineItems().stream().map(l -> l.lineItemNumber() == lineNumber ? change.apply(l) : l).toList(),
                view.creationDate(), view.status(), view.version());
    }

    /**
     * The order as this batch of events left it: read once per batch, then changed in memory, its row written once
     * when the batch commits, with its latest state ({@link BatchedWrites#queueLatest}).
     */
    private void change(String orderId, long version, UnaryOperator<OrderView> change) {
        Map<String, OrderView> seen = seen();
        OrderView current = seen.get(orderId);
        if (current == null) {
            current = jdbc.sql("SELECT document FROM order_view WHERE order_id = :id").param("id", orderId)
                    .query((rs, n) -> read(rs.getString(1))).optional()
                    .orElseThrow(() -> new IllegalStateException("order " + orderId + " is not in order_view"));
        }
        if (current.version() >= version) {
            return;
        }
        OrderView changed = change.apply(current);
        seen.put(orderId, new OrderView(changed.id(), changed.referenceCustomerId(), changed.partnerId(),
                changed.cartId(), changed.billingCountry(), changed.lineItems(), changed.creationDate(), changed.status(),
                version));
        write(seen, orderId);
    }

    /**
     * Every column of the row comes from the view, so writing only a batch's last state of an order leaves the same
     * row as writing each event's; the version guard keeps a redelivered older event from writing over a later one.
     */
    private void write(Map<String, OrderView> seen, String orderId) {
        writes.queueLatest(ORDER_VIEW, UPSERT, orderId, () -> {
            OrderView view = seen.get(orderId);
            try {
                return new MapSqlParameterSource()
                        .addValue("id", view.id()).addValue("customer", view.referenceCustomerId())
                        .addValue("partner", view.partnerId())
                        .addValue("at", OffsetDateTime.ofInstant(view.creationDate(), ZoneOffset.UTC))
                        .addValue("doc", json.writeValueAsString(view)).addValue("version", view.version());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("order " + orderId + " cannot be written as JSON", e);
            }
        });
    }

    private Map<String, OrderView> seen() {
        return writes.cache("order_view");
    }

    /**
     * The order as committed, or as written earlier in this transaction: a request that places an order answers with
     * the order as it holds it, without reading it back (its row is written when the transaction commits). For
     * requests: in a replay's or a redelivery's transaction an order held may be older than its row.
     */
    public Optional<OrderView> find(String customerId, String orderId) {
        OrderView written = seen().get(orderId);
        if (written != null) {
            return Optional.of(written).filter(view -> view.referenceCustomerId().equals(customerId));
        }
        return jdbc.sql("SELECT document FROM order_view WHERE order_id = :id AND customer_id = :customer")
                .param("id", orderId).param("customer", customerId)
                .query((rs, n) -> read(rs.getString(1))).optional();
    }

    public List<OrderView> forCustomer(String customerId) {
        writes.flush();
        return jdbc.sql("SELECT document FROM order_view WHERE customer_id = :customer ORDER BY placed_at, order_id")
                .param("customer", customerId)
                .query((rs, n) -> read(rs.getString(1))).list();
    }

    private OrderView read(String doc) {
        try {
            return json.readValue(doc, OrderView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable order_view document", e);
        }
    }
}
