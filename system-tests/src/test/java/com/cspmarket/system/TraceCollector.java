package com.cspmarket.system;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver in the test JVM, standing in for an OpenTelemetry collector: the services of the test
 * stacks export their spans to it ({@code management.otlp.tracing.endpoint}), and tests read them by trace id. Keeps the
 * spans of the whole run (a few tens of thousands), started once.
 */
final class TraceCollector {

    /** One exported span, as the exporting service described it. */
    record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
                         List<String> linkedTraceIds) {

        boolean isRoot(String callerSpanId) {
            return parentSpanId.equals(callerSpanId);
        }
    }

    private static TraceCollector shared;

    private final HttpServer server;
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<CollectedSpan>> byTrace = new ConcurrentHashMap<>();

    private TraceCollector(HttpServer server) {
        this.server = server;
    }

    /** The receiver of this test run, started at the first call (before the stacks that export to it). */
    static synchronized TraceCollector shared() {
        if (shared == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
                shared = new TraceCollector(server);
                server.createContext("/v1/traces", exchange -> {
                    try (exchange) {
                        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                        try (InputStream body = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                            shared.collect(ExportTraceServiceRequest.parseFrom(body));
                        }
                        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                        exchange.getResponseBody().write(answer);
                    }
                });
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Where the services send their spans. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Every span received so far of the trace {@code traceId} (32 hex digits). */
    List<CollectedSpan> trace(String traceId) {
        ConcurrentLinkedQueue<CollectedSpan> spans = byTrace.get(traceId);
        return spans == null ? List.of() : List.copyOf(spans);
    }

    private void collect(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .map(KeyValue::getValue).map(value -> value.getStringValue()).findFirst().orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> {
                    String traceId = hex.formatHex(span.getTraceId().toByteArray());
                    byTrace.computeIfAbsent(traceId, id -> new ConcurrentLinkedQueue<>()).add(new CollectedSpan(service,
                            traceId, hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind().name(),
                            span.getLinksList().stream().map(link -> hex.formatHex(link.getTraceId().toByteArray())).toList()));
                });
            }
        }
    }
}
