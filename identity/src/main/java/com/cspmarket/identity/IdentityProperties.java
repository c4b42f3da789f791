package com.cspmarket.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Who may sign in and how, from configuration ({@code identity.*}).
 *
 * @param issuer          the issuer URL written into every token and the discovery document; the services check it
 * @param audience        the audience of access tokens (the platform's API)
 * @param signingKey      where the RSA signing key is kept (PKCS#8 PEM; created on first start); empty: a new key per
 *                        start (tokens issued before a restart then no longer verify)
 * @param accessTokenTtl  how long an access token is valid
 * @param portal          the partner portal: a public client (authorization code with PKCE, no secret)
 * @param users           the people who sign in (demo users in the default configuration)
 * @param integrations    partner integrations: confidential clients (client credentials), each acting for one partner
 */
@ConfigurationProperties("identity")
public record IdentityProperties(String issuer, String audience, Path signingKey, Duration accessTokenTtl,
                                 Portal portal, List<User> users, List<Integration> integrations) {

    public IdentityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        integrations = integrations == null ? List.of() : List.copyOf(integrations);
        accessTokenTtl = accessTokenTtl == null ? Duration.ofHours(1) : accessTokenTtl;
        signingKey = signingKey == null || signingKey.toString().isBlank() ? null : signingKey;
    }

    /** The portal's client id and the URIs it may be redirected to after sign-in. */
    public record Portal(String clientId, List<String> redirectUris, List<String> postLogoutRedirectUris) {
    }

    /**
     * A person. {@code password} is stored encoded ({@code {bcrypt}...}; {@code {noop}...} only for demo users);
     * {@code partnerId} is the partner they work for (none for a platform operator); {@code roles} are the platform's
     * (AdminAgent, SalesAgent, BillingAdmin, PlatformOperator).
     */
    public record User(String username, String password, String partnerId, List<String> roles) {
    }

    /** A partner's integration: client id and (encoded) secret, the partner it acts for and the roles it has. */
    public record Integration(String clientId, String secret, String partnerId, List<String> roles) {
    }
}
