package com.cspmarket.kit;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries the trace of a request through the event store, where HTTP and Kafka headers do not reach: a command sent
 * while a span is current carries it as W3C {@value #TRACEPARENT} metadata, the events the command records inherit it
 * (a correlation data provider), and a processor handling such an event later, on another thread or instance, does so
 * in a span that continues that trace. An event may also name other traces it stems from ({@value #TRACELINKS}, e.g.
 * a first charge: the activation's request and the checkout's): its handling span links to them. Replays make no spans.
 * Kafka headers and HTTP calls are traced by Micrometer's own instrumentation (observations); the integration event's
 * envelope keeps its trace too, for a consumer that acts on an event after its record (a parked event).
 */
public final class Traces {

    /** W3C trace context of the span a message was sent in: {@code 00-<trace id>-<span id>-<flags>}. */
    public static final String TRACEPARENT = "traceparent";
    /** Further traces a message stems from: W3C trace contexts separated by commas. */
    public static final String TRACELINKS = "tracelinks";

    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final Tracer tracer;

    public Traces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Without tracing (tests that construct the kit's pieces by hand). */
    public static Traces none() {
        return new Traces(Tracer.NOOP);
    }

    /** The current span's W3C trace context, if a span is current. */
    public Optional<String> current() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return Optional.empty();
        }
        TraceContext context = span.context();
        return Optional.of("00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.FALSE.equals(context.sampled()) ? "00" : "01"));
    }

    /** The trace id (32 hex digits) of a W3C trace context, if it is one. */
    public static Optional<String> traceId(Object traceparent) {
        return parse(traceparent).map(m -> m.group(1));
    }

    /**
     * Runs {@code work} in a new span named {@code name}: a child of the current span when that belongs to the trace of
     * {@code traceparent} (or none is given), else a child of {@code traceparent} (work done for a message received
     * under another trace's span); linked to the {@code links}.
     */
    public <T> T inSpan(String name, String traceparent, Collection<String> links, Supplier<T> work) {
        if (tracer == Tracer.NOOP) {
            return work.get();
        }
        Span.Builder builder = tracer.spanBuilder().name(name);
        Optional<TraceContext> parent = context(traceparent);
        Span current = tracer.currentSpan();
        if (parent.isPresent() && (current == null || !current.context().traceId().equals(parent.get().traceId()))) {
            builder.setParent(parent.get());
        }
        links.forEach(link -> context(link).ifPresent(context -> builder.addLink(new Link(context))));
        return inScope(builder.start(), work);
    }

    private <T> T inScope(Span span, Supplier<T> work) {
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return work.get();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Runs {@code work} in a consumer span named {@code name}: a child of {@code traceparent} (the producer's span,
     * from a received record's headers), or the root of a new trace without one.
     */
    public <T> T received(String name, String traceparent, Supplier<T> work) {
        if (tracer == Tracer.NOOP) {
            return work.get();
        }
        Span.Builder builder = tracer.spanBuilder().name(name).kind(Span.Kind.CONSUMER);
        context(traceparent).ifPresentOrElse(builder::setParent, builder::setNoParent);
        return inScope(builder.start(), work);
    }

    /** Commands sent while a span is current carry its trace context (the events they record inherit it). */
    MessageDispatchInterceptor<CommandMessage<?>> commandInterceptor() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
                return (index, command) -> current()
                        .<CommandMessage<?>>map(traceparent -> command.andMetaData(java.util.Map.of(TRACEPARENT, traceparent)))
                        .orElse(command);
            }
        };
    }

    /** Handling an event (not in a replay) continues the trace it was recorded in, in a span named after the processor. */
    MessageHandlerInterceptor<EventMessage<?>> handlerInterceptor(String processor) {
        return new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
                EventMessage<?> event = unitOfWork.getMessage();
                Object traceparent = event.getMetaData().get(TRACEPARENT);
                if (!(traceparent instanceof String given) || tracer == Tracer.NOOP || ReplayToken.isReplay(event)) {
                    return chain.proceed();
                }
                try {
                    return inSpan(processor + " " + event.getPayloadType().getSimpleName(), given, links(event), () -> {
                        try {
                            return chain.proceed();
                        } catch (Exception e) {
                            throw new Rethrown(e);
                        }
                    });
                } catch (Rethrown wrapped) {
                    throw wrapped.exception;
                }
            }
        };
    }

    private static List<String> links(EventMessage<?> event) {
        return event.getMetaData().get(TRACELINKS) instanceof String links && !links.isBlank()
                ? List.of(links.split(",")) : List.of();
    }

    private Optional<TraceContext> context(String traceparent) {
        return parse(traceparent).map(m -> tracer.traceContextBuilder().traceId(m.group(1)).spanId(m.group(2))
                .sampled((Integer.parseInt(m.group(3), 16) & 1) == 1).build());
    }

    private static Optional<Matcher> parse(Object traceparent) {
        if (!(traceparent instanceof String text)) {
            return Optional.empty();
        }
        Matcher matcher = W3C.matcher(text.trim());
        return matcher.matches() && !matcher.group(1).equals("0".repeat(32)) && !matcher.group(2).equals("0".repeat(16))
                ? Optional.of(matcher) : Optional.empty();
    }

    /** A checked exception of a handler, through {@link #inSpan}'s supplier and out again unchanged. */
    private static final class Rethrown extends RuntimeException {
        private final Exception exception;

        Rethrown(Exception exception) {
            super(exception);
            this.exception = exception;
        }
    }
}
