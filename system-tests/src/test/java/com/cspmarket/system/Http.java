package com.cspmarket.system;

import com.cspmarket.events.EventCodec;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON client for the system tests. */
final class Http {

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** Without a token: only the public endpoints (health, the customer's activation link). */
    static Response post(String url, String json) {
        return post(url, json, java.util.Map.of());
    }

    /** Without a token, with extra headers (e.g. the caller's {@code traceparent}). */
    static Response post(String url, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Response get(String token, String url) {
        return send(authorized(token, url).GET());
    }

    /** A GET with extra headers (e.g. the {@code MS-ContinuationToken} of a seek page's {@code links.next}). */
    static Response get(String token, String url, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = authorized(token, url);
        headers.forEach(request::header);
        return send(request.GET());
    }

    static Response post(String token, String url, String json) {
        return send(authorized(token, url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Response post(String token, String url, String json, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = authorized(token, url).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Response put(String token, String url, String json) {
        return send(authorized(token, url).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Response patch(String token, String url, String json) {
        return send(authorized(token, url).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A page, as a browser asks for it (no token): status and HTML. */
    static HttpResponse<String> page(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authorized(String token, String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isBlank() ? null : EventCodec.mapper().readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
