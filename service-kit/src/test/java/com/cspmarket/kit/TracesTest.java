package com.cspmarket.kit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Traces} on a real OpenTelemetry SDK tracer (through Micrometer's bridge), spans kept in memory. */
class TracesTest {

    private static final String OTHER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_SPAN = "00f067aa0ba902b7";
    private static final String OTHER = "00-" + OTHER_TRACE + "-" + OTHER_SPAN + "-01";

    private final InMemorySpans spans = new InMemorySpans();
    private final List<SpanData> ended = spans.ended;
    private final Tracer tracer = spans.tracer;
    private final Traces traces = new Traces(tracer);

    @AfterEach
    void close() {
        spans.close();
    }

    @Test
    void workForAMessageOfAnotherTraceContinuesThatTraceAndLinksWhatItIsAskedTo() {
        String link = "00-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01";
        Span request = tracer.nextSpan().name("request").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            String inside = traces.inSpan("apply", OTHER, List.of(link), () -> traces.current().orElseThrow());
            assertThat(Traces.traceId(inside)).hasValue(OTHER_TRACE);
        } finally {
            request.end();
        }
        SpanData apply = span("apply");
        assertThat(apply.getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(apply.getParentSpanId()).isEqualTo(OTHER_SPAN);
        assertThat(apply.getLinks()).extracting(l -> l.getSpanContext().getTraceId()).containsExactly("a".repeat(32));
    }

    @Test
    void workForAMessageOfTheCurrentTraceNestsUnderTheCurrentSpan() {
        Span record = tracer.nextSpan().name("record").start();
        String given = "00-" + record.context().traceId() + "-" + "c".repeat(16) + "-01";
        try (Tracer.SpanInScope ignored = tracer.withSpan(record)) {
            traces.inSpan("apply", given, List.of(), () -> null);
        } finally {
            record.end();
        }
        assertThat(span("apply").getParentSpanId()).isEqualTo(record.context().spanId());
        assertThat(span("apply").getTraceId()).isEqualTo(record.context().traceId());
    }

    @Test
    void aFailureIsRecordedOnTheSpanAndPassedOn() {
        RuntimeException failure = new IllegalStateException("refused");
        try {
            traces.inSpan("apply", OTHER, List.of(), () -> {
                throw failure;
            });
        } catch (IllegalStateException e) {
            assertThat(e).isSameAs(failure);
        }
        assertThat(span("apply").getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    }

    @Test
    void commandsCarryTheCurrentSpanAndNothingWithoutOne() {
        CommandMessage<?> outside = traces.commandInterceptor().handle(GenericCommandMessage.asCommandMessage("c"));
        assertThat(outside.getMetaData()).doesNotContainKey(Traces.TRACEPARENT);
        Span request = tracer.nextSpan().name("request").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            CommandMessage<?> inside = traces.commandInterceptor().handle(GenericCommandMessage.asCommandMessage("c")
                    .andMetaData(MetaData.with(Traces.TRACEPARENT, OTHER)));
            assertThat(inside.getMetaData().get(Traces.TRACEPARENT))
                    .isEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId() + "-01");
        } finally {
            request.end();
        }
    }

    @Test
    void anEventIsHandledInItsTraceLinkedToTheTracesItNamesButAReplayMakesNoSpan() throws Exception {
        String link = "00-" + "d".repeat(32) + "-" + "e".repeat(16) + "-01";
        EventMessage<?> event = GenericEventMessage.asEventMessage("charged")
                .andMetaData(MetaData.with(Traces.TRACEPARENT, OTHER).and(Traces.TRACELINKS, link + ",not-a-trace"));
        Object seen = handle(event);
        assertThat(Traces.traceId(seen)).hasValue(OTHER_TRACE);
        SpanData handled = span("billing-projection String");
        assertThat(handled.getParentSpanId()).isEqualTo(OTHER_SPAN);
        assertThat(handled.getLinks()).extracting(LinkData::getSpanContext).extracting(c -> c.getTraceId())
                .containsExactly("d".repeat(32));

        ended.clear();
        EventMessage<?> replayed = new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(
                new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(1)), event);
        assertThat(handle(replayed)).isNull();
        assertThat(ended).isEmpty();
    }

    @Test
    void onlyWellFormedW3cContextsAreRead() {
        assertThat(Traces.traceId(OTHER)).hasValue(OTHER_TRACE);
        assertThat(Traces.traceId("00-" + "0".repeat(32) + "-" + OTHER_SPAN + "-01")).isEmpty();
        assertThat(Traces.traceId("01-" + OTHER_TRACE + "-" + OTHER_SPAN + "-01")).isEmpty();
        assertThat(Traces.traceId(OTHER.toUpperCase())).isEmpty();
        assertThat(Traces.traceId(42)).isEmpty();
        assertThat(Traces.traceId(null)).isEmpty();
    }

    /** Handles {@code event} in the billing projection's interceptor; returns the trace context the handler ran in. */
    private Object handle(EventMessage<?> event) throws Exception {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        try {
            return traces.handlerInterceptor("billing-projection").handle(unitOfWork,
                    new DefaultInterceptorChain<>(unitOfWork, List.of(), message -> traces.current().orElse(null)));
        } finally {
            unitOfWork.commit();
        }
    }

    private SpanData span(String name) {
        return ended.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " among " + ended));
    }
}
