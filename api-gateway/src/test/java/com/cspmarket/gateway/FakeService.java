package com.cspmarket.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A backend for the gateway's own tests: answers every request with a JSON body naming itself and what it received,
 * records the requests, and can be told to hold answers (a service that does not answer in time) or to stop.
 */
final class FakeService implements AutoCloseable {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final String name;
    private final int port;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold;

    FakeService(String name) {
        this.name = name;
        this.port = listen(0);
    }

    private int listen(int on) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", on), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::answer);
        server.start();
        return server.getAddress().getPort();
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** Stops listening: connections are refused, as to a service that is down. */
    synchronized void down() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    synchronized void up() {
        listen(port);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Answers nothing until {@link #release()}. */
    void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch latch = hold;
        hold = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        CountDownLatch latch = hold;
        if (latch != null) {
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String path = exchange.getRequestURI().getPath();
        byte[] answer = (path.equals("/admin/clock")
                ? "{\"now\":\"" + (body.contains("\"now\"") ? body.replaceAll(".*\"now\"\\s*:\\s*\"([^\"]+)\".*", "$1")
                : "2026-12-01T00:00:00Z") + "\"}"
                : "{\"service\":\"" + name + "\",\"path\":\"" + exchange.getRequestURI() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("ETag", "\"7\"");
        exchange.sendResponseHeaders(path.endsWith("/created") ? 201 : 200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
