package com.cspmarket.kit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A bearer token's signature checked once for its lifetime instead of on every request: the first request with a
 * token has it verified in full by {@code verifier} (RS256 signature, issuer, audience, expiry); the token, as the exact
 * string it was sent as, and its claims are then kept (Caffeine) until it expires, and a later request with the very
 * same string only has its times checked again (expiry and not-before, with the same minute's skew). A token that fails
 * is never kept; a different string, however similar, is verified in full. Kept tokens are bounded in number.
 * <p>What it trades: a key withdrawn from the identity provider's JWK set still lets a token it signed through until
 * that token expires (Nimbus keeps the JWK set for five minutes anyway). Tokens here live an hour at most.
 */
final class VerifiedTokenCache implements JwtDecoder {

    static final Duration SKEW = Duration.ofSeconds(60);

    private final JwtDecoder verifier;
    private final JwtTimestampValidator times;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier checks a token in full (signature and every claim); this class adds no check it leaves out
     * @param size     at most this many tokens kept
     */
    VerifiedTokenCache(JwtDecoder verifier, int size, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        this.times = new JwtTimestampValidator(SKEW);
        this.times.setClock(clock);
        this.verified = Caffeine.newBuilder()
                .maximumSize(size)
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .expireAfter(Expiry.creating((String token, Jwt jwt) -> lifetimeLeft(jwt)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt kept = verified.getIfPresent(token);
        if (kept == null) {
            Jwt jwt = verifier.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = times.validate(kept);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("The token is no longer valid: "
                    + result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return kept;
    }

    /** Until the token's expiry and the skew have passed (no expiry: not kept beyond a minute). */
    private Duration lifetimeLeft(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return SKEW;
        }
        Duration left = Duration.between(clock.instant(), expiresAt.plus(SKEW));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
