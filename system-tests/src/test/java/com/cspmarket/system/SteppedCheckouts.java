package com.cspmarket.system;

import com.cspmarket.local.LocalStack.Service;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static com.cspmarket.system.FaultToleranceIT.created;

/**
 * The fault tests' load: client threads, each as the partner's agent, create a cart and check it out, every request
 * retried with its {@code MS-RequestId} until accepted ({@link FaultToleranceIT#created}). They check out in steps the
 * test hands out ({@link #release}, a permit per checkout), so that each fault meets requests in flight.
 */
final class SteppedCheckouts implements AutoCloseable {

    private final Semaphore permits = new Semaphore(0);
    private final Map<String, String> accepted = new ConcurrentHashMap<>(); // order id -> customer
    private final AtomicInteger done = new AtomicInteger();
    private final ExecutorService clients;
    private final List<Future<?>> running = new ArrayList<>();

    /** Starts {@code clients} threads of {@code perClient} checkouts of {@code line} for the customers, in turn. */
    SteppedCheckouts(TestSystem system, String agent, List<String> customers, String line, int clients, int perClient,
                     String suffix) {
        this.clients = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(this.clients.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    permits.acquire();
                    String customer = customers.get((client + i) % customers.size());
                    String cartId = created("cart", agent, system.url(Service.ORDER, "/v1/customers/" + customer
                            + "/carts"), line, "cart-" + client + "-" + i + "-" + suffix, 201).path("id").asText();
                    JsonNode placed = created("checkout", agent, system.url(Service.ORDER, "/v1/customers/" + customer
                            + "/carts/" + cartId + "/checkout"), "", "checkout-" + client + "-" + i + "-" + suffix, 201);
                    accepted.put(placed.path("orders").get(0).path("id").asText(), customer);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
    }

    /** {@code count} US customers of the agent's partner, each created once (retried with its MS-RequestId). */
    static List<String> customers(TestSystem system, String agent, int count, String suffix) {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            customers.add(created("customer", agent, system.url(Service.ORDER, "/v1/customers"),
                    "{\"billingProfile\":{\"companyName\":\"Customer " + i + "\",\"defaultAddress\":{\"country\":\"US\"}}}",
                    "customer-" + i + "-" + suffix, 201).path("id").asText());
        }
        return customers;
    }

    /** Lets {@code checkouts} more checkouts go. */
    void release(int checkouts) {
        permits.release(checkouts);
    }

    /** Checkouts accepted so far. */
    int done() {
        return done.get();
    }

    /** Waits for every client to finish; returns the accepted orders: order id -> customer. */
    Map<String, String> awaitAll() throws Exception {
        for (Future<?> client : running) {
            client.get();
        }
        return Map.copyOf(accepted);
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
