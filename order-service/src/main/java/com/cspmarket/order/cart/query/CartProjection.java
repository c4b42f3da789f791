package com.cspmarket.order.cart.query;

import com.cspmarket.kit.BatchedWrites;
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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * cart_view, updated in the command's transaction (a subscribing processor): checkout reads it right away. A cart's
 * row is written once per transaction, with its latest state, when the transaction commits
 * ({@link BatchedWrites#queueLatest}): a rebuild, one transaction for the whole store, writes each cart once per
 * thousand events instead of once per event, and reads none of them back.
 * <p>
 * A request's transaction reads a cart at most once: a cart it wrote or read is answered from what it holds (a cart
 * created and read back in one request, a cart read by checkout and then checked out). An event applies to a cart
 * read earlier in the transaction only when that read is the state just before the event (its version one less);
 * otherwise the cart changed meanwhile and is read again. {@link #find} is for requests: in a replay's or a
 * redelivery's transaction a cart held may be older than its row (the upsert keeps the later version).
 */
@Component
@ProcessingGroup("cart-projection")
public class CartProjection implements ProjectedTables {

    private static final Set<String> CART_VIEW = Set.of("cart_view");

    private static final String UPSERT = """
            INSERT INTO cart_view (cart_id, customer_id, status, order_id, request_id, document, version)
            VALUES (:id, :customer, :status, :order, :request, CAST(:doc AS jsonb), :version)
            ON CONFLICT (cart_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status,
                order_id = EXCLUDED.order_id, request_id = COALESCE(EXCLUDED.request_id, cart_view.request_id),
                document = EXCLUDED.document, version = EXCLUDED.version
            WHERE cart_view.version < EXCLUDED.version""";

    /**
     * A cart as this transaction left it ({@code written}) or read it, and the checkout's request id if this
     * transaction saw it.
     */
    private record Row(CartView view, String requestId, boolean written) {
    }

    private final JdbcClient jdbc;
    private final BatchedWrites writes;
    private final ObjectMapper json;

    CartProjection(JdbcClient jdbc, BatchedWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
    }

    @EventHandler
    void on(CartCreated event, @Timestamp Instant at, @SequenceNumber long version) {
        // created again (redelivered): a later state this transaction holds stays, and the row keeps its later version
        // (the upsert only writes over an older one)
        Map<String, Row> seen = seen();
        seen.merge(event.cartId().value(), new Row(new CartView(event.cartId().value(), event.customerId().value(),
                "OPEN", null, event.lines(), at, at, version), null, true),
                (earlier, created) -> earlier.view().version() >= version ? earlier : created);
        write(seen, event.cartId().value());
    }

    @EventHandler
    void on(CartUpdated event, @Timestamp Instant at, @SequenceNumber long version) {
        replace(event.cartId().value(), version, null, null, event.lines(), at);
    }

    @EventHandler
    void on(CartCheckedOut event, @Timestamp Instant at, @SequenceNumber long version) {
        replace(event.cartId().value(), version, event.orderId().value(), event.requestId(), null, at);
    }

    private void replace(String cartId, long version, String orderId, String requestId, List<CartLine> lines, Instant at) {
        Map<String, Row> seen = seen();
        Row row = seen.get(cartId); // a cart with a write still queued is always here
        if (row != null && !row.written() && row.view().version() < version - 1) {
            row = null; // read before a change this transaction did not see: read it again
        }
        CartView current = row != null ? row.view() : select(cartId).orElseThrow(
                () -> new IllegalStateException("cart " + cartId + " is not in cart_view"));
        if (current.version() >= version) {
            return; // already applied
        }
        CartView view = new CartView(current.id(), current.customerId(), orderId == null ? current.status() : "CHECKED_OUT",
                orderId == null ? current.orderId() : orderId, lines == null ? current.lineItems() : lines,
                current.creationTimestamp(), at, version);
        seen.put(cartId, new Row(view, requestId != null ? requestId : row == null ? null : row.requestId(), true));
        write(seen, cartId);
    }

    /** Every column from the cart's latest state (the request id kept when this transaction did not see one). */
    private void write(Map<String, Row> seen, String cartId) {
        writes.queueLatest(CART_VIEW, UPSERT, cartId, () -> {
            Row row = seen.get(cartId);
            CartView view = row.view();
            try {
                return new MapSqlParameterSource()
                        .addValue("id", view.id()).addValue("customer", view.customerId())
                        .addValue("status", view.status()).addValue("order", view.orderId(), Types.VARCHAR)
                        .addValue("request", row.requestId(), Types.VARCHAR)
                        .addValue("doc", json.writeValueAsString(view)).addValue("version", view.version());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cart " + cartId + " cannot be written as JSON", e);
            }
        });
    }

    private Map<String, Row> seen() {
        return writes.cache("cart_view");
    }

    @Override
    public List<String> projectedTables() {
        return List.of("cart_view");
    }

    @ResetHandler
    void reset() {
        writes.now("DELETE FROM cart_view", new MapSqlParameterSource());
        seen().clear();
    }

    /**
     * The cart as committed, or as this transaction wrote or read it before (a cart written in it is always held, so
     * nothing queued needs sending first).
     */
    public Optional<CartView> find(String cartId) {
        Map<String, Row> seen = seen();
        Row row = seen.get(cartId);
        if (row != null) {
            return Optional.of(row.view());
        }
        Optional<CartView> found = select(cartId);
        found.ifPresent(view -> seen.put(cartId, new Row(view, null, false)));
        return found;
    }

    private Optional<CartView> select(String cartId) {
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
