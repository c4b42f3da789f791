package com.cspmarket.order.cart.query;

import com.cspmarket.kit.ProjectedTables;
import com.cspmarket.order.cart.api.CartCheckedOut;
import com.cspmarket.order.cart.api.CartCreated;
import com.cspmarket.order.cart.api.CartLine;
import com.cspmarket.order.cart.api.CartUpdated;
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
import java.util.List;
import java.util.Optional;

/** cart_view, updated in the command's transaction (a subscribing processor): checkout reads it right away. */
@Component
@ProcessingGroup("cart-projection")
public class CartProjection implements ProjectedTables {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CartProjection(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(CartCreated event, @Timestamp Instant at, @SequenceNumber long version) throws JsonProcessingException {
        CartView view = new CartView(event.cartId().value(), event.customerId().value(), "OPEN", null, event.lines(),
                at, at, version);
        jdbc.sql("""
                        INSERT INTO cart_view (cart_id, customer_id, status, document, version)
                        VALUES (:id, :customer, 'OPEN', CAST(:doc AS jsonb), :version) ON CONFLICT (cart_id) DO NOTHING""")
                .param("id", view.id()).param("customer", view.customerId())
                .param("doc", json.writeValueAsString(view)).param("version", version)
                .update();
    }

    @EventHandler
    void on(CartUpdated event, @Timestamp Instant at, @SequenceNumber long version) throws JsonProcessingException {
        replace(event.cartId().value(), version, null, null, event.lines(), at);
    }

    @EventHandler
    void on(CartCheckedOut event, @Timestamp Instant at, @SequenceNumber long version) throws JsonProcessingException {
        replace(event.cartId().value(), version, event.orderId().value(), event.requestId(), null, at);
    }

    private void replace(String cartId, long version, String orderId, String requestId, List<CartLine> lines, Instant at)
            throws JsonProcessingException {
        CartView current = find(cartId).orElseThrow();
        if (current.version() >= version) {
            return; // already applied
        }
        CartView view = new CartView(current.id(), current.customerId(), orderId == null ? current.status() : "CHECKED_OUT",
                orderId == null ? current.orderId() : orderId, lines == null ? current.lineItems() : lines,
                current.creationTimestamp(), at, version);
        jdbc.sql("""
                        UPDATE cart_view SET status = :status, order_id = :order, request_id = COALESCE(:request, request_id),
                            document = CAST(:doc AS jsonb), version = :v WHERE cart_id = :id""")
                .param("status", view.status()).param("order", view.orderId()).param("request", requestId)
                .param("doc", json.writeValueAsString(view)).param("v", version).param("id", cartId)
                .update();
    }

    @Override
    public List<String> projectedTables() {
        return List.of("cart_view");
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
