package com.cspmarket.order.cart.query;

import com.cspmarket.order.cart.api.CartCheckedOut;
import com.cspmarket.order.cart.api.CartCreated;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

@Component
@ProcessingGroup("cart-projection")
public class CartProjection {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CartProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(CartCreated event, @Timestamp Instant at, @SequenceNumber long version) throws JsonProcessingException {
        CartView view = new CartView(event.cartId().value(), event.customerId().value(), "OPEN", null, event.lines(), at);
        jdbc.sql("""
                        INSERT INTO cart_view (cart_id, customer_id, status, document, version)
                        VALUES (:id, :customer, 'OPEN', CAST(:doc AS jsonb), :version) ON CONFLICT (cart_id) DO NOTHING""")
                .param("id", view.id()).param("customer", view.customerId())
                .param("doc", json.writeValueAsString(view)).param("version", version)
                .update();
    }

    @EventHandler
    void on(CartCheckedOut event, @SequenceNumber long version) throws JsonProcessingException {
        CartView current = find(event.cartId().value()).orElseThrow();
        CartView view = new CartView(current.id(), current.customerId(), "CHECKED_OUT", event.orderId().value(),
                current.lineItems(), current.creationTimestamp());
        jdbc.sql("UPDATE cart_view SET status = 'CHECKED_OUT', order_id = :order, document = CAST(:doc AS jsonb), version = :v WHERE cart_id = :id")
                .param("order", event.orderId().value()).param("doc", json.writeValueAsString(view))
                .param("v", version).param("id", event.cartId().value())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM cart_view").update();
    }

    public Optional<CartView> find(String cartId) {
        return jdbc.sql("SELECT document FROM cart_view WHERE cart_id = :id").param("id", cartId)
                .query((rs, n) -> read(rs.getString(1))).optional();
    }

    private CartView read(String doc) {
        try {
            return json.readValue(doc, CartView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable cart_view document", e);
        }
    }
}
