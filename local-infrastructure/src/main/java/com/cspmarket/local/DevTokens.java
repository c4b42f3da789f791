package com.cspmarket.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A development identity provider: an RSA key pair whose public half the services are started with
 * ({@code platform.security.jwt.public-key}) and whose private half signs RS256 access tokens, the way the partner
 * directory (e.g. Entra ID) would. For the run command's demo tokens and for tests; never deployed.
 */
public final class DevTokens {

    public static final String ISSUER = "https://login.cspmarket.example/dev";
    public static final String AUDIENCE = "api://cspmarket";
    public static final String OPERATOR = "PlatformOperator";
    public static final String ADMIN_AGENT = "AdminAgent";
    public static final String SALES_AGENT = "SalesAgent";
    public static final String BILLING_ADMIN = "BillingAdmin";

    /** One key pair per test JVM: the services under test trust it, the tests sign with it. */
    private static final DevTokens FOR_TESTS = generate();

    private final KeyPair keys;

    private DevTokens(KeyPair keys) {
        this.keys = keys;
    }

    public static DevTokens forTests() {
        return FOR_TESTS;
    }

    public static DevTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevTokens(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key (X.509 SubjectPublicKeyInfo, base64), the value of {@code platform.security.jwt.public-key}. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /**
     * The private key as a PKCS#8 PEM: the identity provider of a local run signs with it, so that its tokens and the
     * ones this class mints verify against the same JWK set.
     */
    public String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A token of a platform operator: no partner, every partner's data, the operator endpoints. */
    public String operator() {
        return token("operator@cspmarket.example", null, Duration.ofHours(12), OPERATOR);
    }

    /** A token of a partner's user with these roles (AdminAgent, SalesAgent, BillingAdmin). */
    public String partnerUser(String partnerId, String... roles) {
        return token("user@" + partnerId, partnerId, Duration.ofHours(12), roles);
    }

    public String token(String subject, String partnerId, Duration validFor, String... roles) {
        return sign(claims(subject, partnerId, Instant.now(), validFor, roles).build(), (RSAPrivateKey) keys.getPrivate());
    }

    /** The claims the services read: {@code sub}, {@code partnerId} (the tenant), {@code roles}, iss/aud/iat/exp. */
    public static JWTClaimsSet.Builder claims(String subject, String partnerId, Instant issuedAt, Duration validFor,
                                              String... roles) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt.minusSeconds(5)))
                .expirationTime(Date.from(issuedAt.plus(validFor)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.of(roles));
        if (partnerId != null) {
            claims.claim("partnerId", partnerId);
        }
        return claims;
    }

    /** Signs any claims with this provider's key (tests use it for expired, foreign-issuer and other bad tokens). */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, (RSAPrivateKey) keys.getPrivate());
    }

    /** Signs with a key the services do not trust (tests: a forged token). */
    public static String signWithUntrustedKey(JWTClaimsSet claims) {
        return sign(claims, (RSAPrivateKey) generate().keys.getPrivate());
    }

    private static String sign(JWTClaimsSet claims, RSAPrivateKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
