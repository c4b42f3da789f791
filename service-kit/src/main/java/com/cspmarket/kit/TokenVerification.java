package com.cspmarket.kit;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * How every service verifies a bearer token: RS256 against the identity provider's JWK set ({@code jwkSetUri}) or a
 * configured public key, the issuer and the audience checked, expiry with a minute's skew (Spring Security's
 * default). Public so that the identity provider's tests verify its tokens exactly as the services do.
 */
public final class TokenVerification {

    private TokenVerification() {
    }

    public static JwtDecoder decoder(String publicKey, String jwkSetUri, String issuer, String audience) {
        NimbusJwtDecoder decoder;
        if (jwkSetUri != null && !jwkSetUri.isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        } else if (publicKey != null && !publicKey.isBlank()) {
            decoder = NimbusJwtDecoder.withPublicKey(rsaPublicKey(publicKey)).build();
        } else {
            throw new IllegalStateException("No token verification key: set platform.security.jwt.public-key "
                    + "(PLATFORM_SECURITY_JWT_PUBLIC_KEY) or platform.security.jwt.jwk-set-uri");
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience))));
        return decoder;
    }

    static RSAPublicKey rsaPublicKey(String text) {
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("platform.security.jwt.public-key is not an RSA public key (X.509, base64 or PEM)", e);
        }
    }
}
