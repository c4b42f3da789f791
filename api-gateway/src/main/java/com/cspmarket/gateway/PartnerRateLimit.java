package com.cspmarket.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.time.Duration;

/**
 * Per partner: {@code gateway.requests-per-minute} requests a minute (a token bucket, Bucket4j, refilled greedily),
 * shared by all of the partner's users and integrations; a caller of no partner (an operator) is limited per user,
 * an anonymous caller (the customer's activation link) per address. Over the limit: 429 problem+json with
 * {@code Retry-After} (whole seconds until a request is allowed again). The remaining allowance is in
 * {@code X-RateLimit-Remaining} on every answer.
 */
@Component
class PartnerRateLimit {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(1_000_000)
            .build();
    private final int perMinute;

    PartnerRateLimit(GatewayProperties properties) {
        this.perMinute = properties.requestsPerMinute();
    }

    HandlerFilterFunction<ServerResponse, ServerResponse> filter() {
        return (request, next) -> {
            ConsumptionProbe probe = buckets.get(key(request), k -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                    .build()).tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                return ServerResponse.status(EdgeProblems.Problem.TOO_MANY_REQUESTS.status)
                        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                        .header("X-RateLimit-Remaining", "0")
                        .body(EdgeProblems.body(EdgeProblems.Problem.TOO_MANY_REQUESTS,
                                "More than " + perMinute + " requests a minute; send again in " + seconds + " s"));
            }
            ServerResponse response = next.handle(request);
            try {
                response.headers().set("X-RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
            } catch (UnsupportedOperationException readOnly) {
                // a response whose headers are fixed already: the header is informative only
            }
            return response;
        };
    }

    /** Whose allowance a request uses. */
    static String key(ServerRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            String partner = jwt.getClaimAsString("partnerId");
            return partner != null && !partner.isBlank() ? "partner:" + partner : "subject:" + jwt.getSubject();
        }
        return "address:" + request.servletRequest().getRemoteAddr();
    }
}
