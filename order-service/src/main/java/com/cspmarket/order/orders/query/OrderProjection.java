package com.cspmarket.order.orders.query;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** order_view; each event applies once (guarded by the order's version), so redelivery and replay are safe. */
@Component
@ProcessingGroup("order-projection")
public class OrderProjection implements ProjectedTables {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    OrderProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long version) throws JsonProcessingException {
        List<OrderView.Line> lines = event.lines().stream().map(l -> new OrderView.Line(l.lineNumber(), l.offerId(),
                l.offerName(), l.publisherName(), l.skuId(), l.quantity(), l.term(), l.billingCycle(),
                l.quotedUnitPrice(), "pending", null, null, null, null,
                l.availabilityId() == null ? event.billingCountry() : l.availabilityId(), l.friendlyName(),
                l.provisioningContext())).toList();
        OrderView view = new OrderView(event.orderId().value(), event.customerId().value(), event.partnerId(),
                event.cartId().value(), event.billingCountry(), lines, event.placedAt(), "pending", version);
        jdbc.sql("""
                        INSERT INTO order_view (order_id, customer_id, partner_id, placed_at, document, version)
                        VALUES (:id, :customer, :partner, :at, CAST(:doc AS jsonb), :version)
                        ON CONFLICT (order_id) DO NOTHING""")
                .param("id", view.id()).param("customer", view.referenceCustomerId()).param("partner", view.partnerId())
                .param("at", OffsetDateTime.ofInstant(view.creationDate(), ZoneOffset.UTC))
                .param("doc", json.writeValueAsString(view)).param("version", version)
                .update();
    }

    @EventHandler
    void on(OrderLineFulfilled event, @SequenceNumber long version) throws JsonProcessingException {
        change(event.orderId().value(), version, view -> withLine(view, event.lineNumber(),
                line -> line.fulfilled(event.subscriptionId(), event.activationLink())));
    }

    @EventHandler
    void on(OrderLineFailed event, @SequenceNumber long version) throws JsonProcessingException {
        change(event.orderId().value(), version, view -> withLine(view, event.lineNumber(),
                line -> line.failed(event.reason(), event.description())));
    }

    @EventHandler
    void on(OrderCompleted event, @SequenceNumber long version) throws JsonProcessingException {
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
        jdbc.sql("DELETE FROM order_view").update();
    }

    private static OrderView withLine(OrderView view, int lineNumber, UnaryOperator<OrderView.Line> change) {
        return new OrderView(view.id(), view.referenceCustomerId(), view.partnerId(), view.cartId(), view.billingCountry(),
                view.lineItems().stream().map(l -> l.lineItemNumber() == lineNumber ? change.apply(l) : l).toList(),
                view.creationDate(), view.status(), view.version());
    }

    private void change(String orderId, long version, UnaryOperator<OrderView> change) throws JsonProcessingException {
        OrderView current = jdbc.sql("SELECT document FROM order_view WHERE order_id = :id").param("id", orderId)
                .query((rs, n) -> read(rs.getString(1))).optional()
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " is not in order_view"));
        if (current.version() >= version) {
            return;
        }
        OrderView changed = change.apply(current);
        OrderView next = new OrderView(changed.id(), changed.referenceCustomerId(), changed.partnerId(), changed.cartId(),
                changed.billingCountry(), changed.lineItems(), changed.creationDate(), changed.status(), version);
        jdbc.sql("UPDATE order_view SET document = CAST(:doc AS jsonb), version = :v WHERE order_id = :id")
                .param("doc", json.writeValueAsString(next)).param("v", version).param("id", orderId)
                .update();
    }

    public Optional<OrderView> find(String customerId, String orderId) {
        return jdbc.sql("SELECT document FROM order_view WHERE order_id = :id AND customer_id = :customer")
                .param("id", orderId).param("customer", customerId)
                .query((rs, n) -> read(rs.getString(1))).optional();
    }

    public List<OrderView> forCustomer(String customerId) {
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
