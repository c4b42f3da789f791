package com.cspmarket.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Before anything else: every request gets an {@code MS-CorrelationId} (the caller's, or a new one, echoed on the
 * answer and passed on to the service); a body larger than {@code gateway.max-body-size} is 413, and a body that is
 * not JSON is 415, problem+json both, before any service sees it (the customer's activation page is the one form).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EdgeRequestGuard extends OncePerRequestFilter {

    static final String CORRELATION = "MS-CorrelationId";
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final long maxBody;

    EdgeRequestGuard(GatewayProperties properties) {
        this.maxBody = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlation = request.getHeader(CORRELATION);
        if (correlation == null || correlation.isBlank()) {
            correlation = UUID.randomUUID().toString();
        }
        response.setHeader(CORRELATION, correlation);
        HttpServletRequest forwarded = new WithHeader(request, CORRELATION, correlation);

        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            EdgeProblems.write(response, EdgeProblems.Problem.TOO_LARGE,
                    "A request body of " + declared + " bytes is more than the " + maxBody + " accepted");
            return;
        }
        boolean chunked = declared < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (chunked) { // no length given: read up to the limit, and refuse what goes beyond it
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (body.length > maxBody) {
                EdgeProblems.write(response, EdgeProblems.Problem.TOO_LARGE,
                        "A request body of more than " + maxBody + " bytes is not accepted");
                return;
            }
            forwarded = new WithBody(forwarded, body);
            declared = body.length;
        }
        if (WITH_BODY.contains(request.getMethod()) && declared > 0 && !acceptable(request)) {
            EdgeProblems.write(response, EdgeProblems.Problem.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be JSON (Content-Type: application/json, UTF-8), not '"
                            + request.getContentType() + "'");
            return;
        }
        chain.doFilter(forwarded, response);
    }

    private static boolean acceptable(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || type.isBlank()) {
            return false;
        }
        MediaType media;
        try {
            media = MediaType.parseMediaType(type);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        if (media.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)
                && PATHS.match("/v1/subscriptions/*/activation", request.getRequestURI())) {
            return true; // the activation page's own form
        }
        boolean json = media.getType().equals("application")
                && (media.getSubtype().equals("json") || media.getSubtype().endsWith("+json"));
        String charset = media.getParameter("charset");
        return json && (charset == null || charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("utf8"));
    }

    /** The request with one more (or a replaced) header. */
    private static class WithHeader extends HttpServletRequestWrapper {
        private final String name;
        private final String value;

        WithHeader(HttpServletRequest request, String name, String value) {
            super(request);
            this.name = name;
            this.value = value;
        }

        @Override
        public String getHeader(String header) {
            return name.equalsIgnoreCase(header) ? value : super.getHeader(header);
        }

        @Override
        public Enumeration<String> getHeaders(String header) {
            return name.equalsIgnoreCase(header) ? Collections.enumeration(Set.of(value)) : super.getHeaders(header);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(name);
            return Collections.enumeration(names);
        }
    }

    /** The request with its body read already. */
    private static final class WithBody extends HttpServletRequestWrapper {
        private final byte[] body;

        WithBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
