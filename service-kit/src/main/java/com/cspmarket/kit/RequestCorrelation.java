package com.cspmarket.kit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Every HTTP request has a correlation id: the caller's {@code MS-CorrelationId} (Partner Center's header) or a new
 * one, echoed in the response. Commands sent while serving the request carry it as Axon's {@code traceId} and the
 * request line as {@code request} and the caller ({@code actor}: the token's subject, and {@code actorPartnerId}), so every event they record says which request it came from (the audit).
 */
public final class RequestCorrelation extends OncePerRequestFilter {

    public static final String HEADER = "MS-CorrelationId";
    static final String ATTRIBUTE = RequestCorrelation.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        if (given != null && !VALID.matcher(given).matches()) {
            ProblemHandler.write(response, org.springframework.http.HttpStatus.BAD_REQUEST, "invalid-correlation-id",
                    HEADER + " must be 1-64 letters, digits or . _ : - (starting with a letter or digit)");
            return;
        }
        String id = given != null ? given : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, new Origin(id, request.getMethod() + " " + request.getRequestURI()));
        response.setHeader(HEADER, id);
        chain.doFilter(request, response);
    }

    record Origin(String correlationId, String request) {
    }

    /** Adds the request's correlation id and request line to commands dispatched while serving it. */
    static MessageDispatchInterceptor<CommandMessage<?>> commandInterceptor() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
                    Object origin = attributes == null ? null
                            : attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                    if (!(origin instanceof Origin o) || command.getMetaData().containsKey("traceId")) {
                        return command;
                    }
                    Map<String, Object> metaData = new HashMap<>();
                    metaData.put("traceId", o.correlationId());
                    metaData.put("request", o.request());
                    Caller.current().ifPresent(caller -> {
                        metaData.put("actor", caller.subject());
                        if (caller.partnerId() != null) {
                            metaData.put("actorPartnerId", caller.partnerId());
                        }
                    });
                    return command.andMetaData(metaData);
                };
            }
        };
    }
}
