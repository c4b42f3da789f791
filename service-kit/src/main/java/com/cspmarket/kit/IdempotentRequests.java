package com.cspmarket.kit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Partner Center's {@code MS-RequestId} on every state-changing request (POST, PUT, PATCH, DELETE) of a signed-in
 * caller: the request is served, and its answer committed, in one database transaction together with a row that
 * remembers the request id. A request sent again with an id the same partner (or, for a caller of no partner, the
 * same subject) used before gets the first answer again (same status, {@code Location}, {@code ETag} and body) and
 * changes nothing; the same id on a different request (method, path, query or body) is {@code 409 request-id-reused}.
 * A copy that arrives while the first is still being served waits for it (the row's insert blocks on the first
 * one's uncommitted row) and then gets its answer, so two concurrent copies never both act. Only successful (2xx)
 * answers are remembered: a refused or failed request rolls back with everything it did and may be sent again.
 * Rows are kept for {@code platform.idempotency.retention} (default 30 days).
 */
public final class IdempotentRequests extends OncePerRequestFilter {

    public static final String HEADER = "MS-RequestId";
    /** Partner Center sends a GUID; anything up to 100 of these characters is accepted. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:{}-]{0,99}");
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;

    IdempotentRequests(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE.contains(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(HEADER);
        if (!VALID.matcher(requestId).matches()) {
            ProblemHandler.write(response, HttpStatus.BAD_REQUEST, "invalid-request-id", HEADER
                    + " must be 1-100 letters, digits or . _ : - { } (a GUID, for example), starting with a letter or digit");
            return;
        }
        Optional<Caller> caller = Caller.current();
        if (caller.isEmpty()) { // public endpoints (the customer's activation link) are idempotent by their own key
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            ProblemHandler.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large",
                    "A request body of more than " + MAX_BODY + " bytes is not accepted");
            return;
        }
        String scope = caller.get().partnerId() != null ? "partner:" + caller.get().partnerId()
                : "subject:" + caller.get().subject();
        String requestLine = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String fingerprint = fingerprint(requestLine, request.getContentType(), body);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = transactions.execute(tx -> {
                boolean first = jdbc.sql("""
                                INSERT INTO idempotent_request (scope, request_id, fingerprint, request_line, created_at)
                                VALUES (:scope, :id, :fingerprint, :line, :at) ON CONFLICT DO NOTHING""")
                        .param("scope", scope).param("id", requestId).param("fingerprint", fingerprint)
                        .param("line", requestLine).param("at", OffsetDateTime.now(clock))
                        .update() == 1;
                if (!first) {
                    Stored stored = jdbc.sql("""
                                    SELECT fingerprint, request_line, status, content_type, location, etag, body
                                    FROM idempotent_request WHERE scope = :scope AND request_id = :id""")
                            .param("scope", scope).param("id", requestId)
                            .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getInt(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7)))
                            .single();
                    return stored.fingerprint().equals(fingerprint) ? new Outcome.Replay(stored)
                            : new Outcome.Reused(stored.requestLine());
                }
                serve(chain, new CachedBody(request, body), captured);
                int status = captured.getStatus();
                if (status < 200 || status > 299) {
                    tx.setRollbackOnly();
                    return new Outcome.Served();
                }
                jdbc.sql("""
                                UPDATE idempotent_request SET status = :status, content_type = :type, location = :location,
                                       etag = :etag, body = :body WHERE scope = :scope AND request_id = :id""")
                        .param("status", status).param("type", captured.getContentType())
                        .param("location", captured.getHeader(HttpHeaders.LOCATION))
                        .param("etag", captured.getHeader(HttpHeaders.ETAG))
                        .param("body", captured.getContentAsByteArray())
                        .param("scope", scope).param("id", requestId)
                        .update();
                return new Outcome.Served();
            });
        } catch (Tunnel t) {
            if (t.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) t.getCause();
        } catch (TransactionException | DataAccessException e) {
            // nothing was committed (the database is unreachable or the commit failed): the caller may send it again
            captured.reset();
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            ProblemHandler.write(response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily-unavailable",
                    "The request could not be committed; nothing was changed. Send it again with the same " + HEADER);
            return;
        }
        if (outcome instanceof Outcome.Replay replay) {
            replay(response, replay.stored());
        } else if (outcome instanceof Outcome.Reused reused) {
            ProblemHandler.write(response, HttpStatus.CONFLICT, "request-id-reused", HEADER + " '" + requestId
                    + "' was already used for a different request (" + reused.requestLine()
                    + "); use a new id for a new request");
        } else {
            captured.copyBodyToResponse();
        }
    }

    /**
     * Forgets request ids older than the retention; a copy sent later than that is served as a new request. Not a
     * locked tick ({@link KitScheduling}): the delete is idempotent, so every instance may run it (once an hour), and
     * the filter stays a final class, which a locking proxy could not subclass.
     */
    @Scheduled(fixedDelayString = "${platform.idempotency.cleanup-interval:PT1H}", initialDelayString = "PT1M")
    public void forgetExpired() {
        jdbc.sql("DELETE FROM idempotent_request WHERE created_at < :before")
                .param("before", OffsetDateTime.now(clock).minus(retention))
                .update();
    }

    private static void serve(FilterChain chain, HttpServletRequest request, HttpServletResponse response) {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException e) {
            throw new Tunnel(e);
        }
    }

    private static void replay(HttpServletResponse response, Stored stored) throws IOException {
        response.setStatus(stored.status());
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, stored.etag());
        }
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        byte[] body = stored.body() == null ? new byte[0] : stored.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String fingerprint(String requestLine, String contentType, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(requestLine.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(contentType).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(String fingerprint, String requestLine, int status, String contentType, String location,
                          String etag, byte[] body) {
    }

    private sealed interface Outcome {
        record Served() implements Outcome {
        }

        record Replay(Stored stored) implements Outcome {
        }

        record Reused(String requestLine) implements Outcome {
        }
    }

    /** Carries the chain's checked exceptions out of the transaction callback (which rolls back on it). */
    private static final class Tunnel extends RuntimeException {
        Tunnel(Exception cause) {
            super(cause);
        }
    }

    /** The request with its body already read (to fingerprint it), readable again by the handler. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
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
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            java.nio.charset.Charset charset = StandardCharsets.UTF_8;
            if (encoding != null && java.nio.charset.Charset.isSupported(encoding)) {
                charset = java.nio.charset.Charset.forName(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
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
