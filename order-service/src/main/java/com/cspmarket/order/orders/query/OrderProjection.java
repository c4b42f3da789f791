package com.cspmarket.order.orders.query;

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

@Component
@ProcessingGroup("order-projection")
public class OrderProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    OrderProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long version) throws JsonProcessingException {
        OrderView view = new OrderView(event.orderId().value(), event.customerId().value(), event.partnerId(),
                event.cartId().value(), event.billingCountry(), event.lines(), event.placedAt(), "pending");
        jdbc.sql("""
                        INSERT INTO order_view (order_id, customer_id, partner_id, placed_at, document, version)
                        VALUES (:id, :customer, :partner, :at, CAST(:doc AS jsonb), :version)
                        ON CONFLICT (order_id) DO NOTHING""")
                .param("id", view.id()).param("customer", view.referenceCustomerId()).param("partner", view.partnerId())
                .param("at", OffsetDateTime.ofInstant(view.creationDate(), ZoneOffset.UTC))
                .param("doc", json.writeValueAsString(view)).param("version", version)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM order_view").update();
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
