package com.cspmarket.kit;

import com.cspmarket.local.DevTokens;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTest {

    private final DevTokens tokens = DevTokens.forTests();
    private final MovableClock clock = new MovableClock(Clock.fixed(Instant.now(), ZoneOffset.UTC));
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokenCache cache = new VerifiedTokenCache(verifier(), 100, clock);

    @Test
    void aTokenIsVerifiedOnceAndItsClaimsServedOnEveryLaterRequest() {
        String token = tokens.partnerUser("partner-a", DevTokens.ADMIN_AGENT);
        Jwt first = cache.decode(token);
        Jwt second = cache.decode(token);
        assertThat(verifications).hasValue(1);
        assertThat(second.getClaims()).isEqualTo(first.getClaims());
        assertThat(second.getClaimAsString("partnerId")).isEqualTo("partner-a");
    }

    @Test
    void aVerifiedTokenIsRefusedOnceItHasExpired() {
        String token = tokens.token("user@partner-a", "partner-a", Duration.ofMinutes(10), DevTokens.ADMIN_AGENT);
        cache.decode(token);
        clock.moveTo(clock.instant().plus(Duration.ofMinutes(10)).plus(VerifiedTokenCache.SKEW).minusSeconds(1));
        assertThat(cache.decode(token).getSubject()).isEqualTo("user@partner-a");
        assertThat(verifications).hasValue(1);
        clock.moveTo(clock.instant().plusSeconds(2));
        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void aTokenThatFailsIsNeverKept() {
        String foreign = DevTokens.signWithUntrustedKey(DevTokens.claims("user@partner-a", "partner-a", Instant.now(),
                Duration.ofHours(1), DevTokens.ADMIN_AGENT).build());
        assertThatThrownBy(() -> cache.decode(foreign)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> cache.decode(foreign)).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenAlteredAfterAGenuineOneWasKeptIsVerifiedInFull() {
        String genuine = tokens.partnerUser("partner-a", DevTokens.ADMIN_AGENT);
        cache.decode(genuine);
        int dot = genuine.lastIndexOf('.');
        String[] parts = genuine.split("\\.");
        // the genuine signature under other claims: a different string, so verified, and refused
        String otherClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                DevTokens.claims("user@partner-b", "partner-b", Instant.now(), Duration.ofHours(1), DevTokens.ADMIN_AGENT)
                        .build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String forged = parts[0] + "." + otherClaims + genuine.substring(dot);
        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(2);
        assertThat(cache.decode(genuine).getClaimAsString("partnerId")).isEqualTo("partner-a");
    }

    /** Verifies as {@link TokenVerification} does (signature, issuer, times), on the test's clock, and counts. */
    private JwtDecoder verifier() {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(TokenVerification.rsaPublicKey(tokens.publicKey())).build();
        JwtTimestampValidator times = new JwtTimestampValidator(VerifiedTokenCache.SKEW);
        times.setClock(clock);
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(times, new JwtIssuerValidator(DevTokens.ISSUER)));
        return token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
    }
}
