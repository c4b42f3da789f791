package com.cspmarket.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spring Authorization Server as the platform's identity provider: OpenID Connect discovery, the authorize and token
 * endpoints, the JWK set ({@code /oauth2/jwks}) the gateway and the services verify tokens with, and a sign-in page.
 * The portal signs people in with the authorization code flow and PKCE (a public client: no secret, a code verifier
 * required); an integration gets tokens with client credentials. Every access token carries what the services read:
 * {@code partnerId} (the tenant; absent for an operator), {@code roles} and the audience {@code api://cspmarket};
 * the ID token carries {@code partnerId} and {@code roles} too, for the portal to show.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfig {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain signInChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(IdentityProperties properties) {
        return new InMemoryUserDetailsManager(properties.users().stream()
                .map(u -> User.withUsername(u.username()).password(u.password())
                        .authorities(u.roles().stream().map(r -> "ROLE_" + r).toArray(String[]::new)).build())
                .toList());
    }

    @Bean
    RegisteredClientRepository clients(IdentityProperties properties) {
        List<RegisteredClient> clients = new ArrayList<>();
        IdentityProperties.Portal portal = properties.portal();
        TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(properties.accessTokenTtl()).build();
        if (portal != null) {
            clients.add(RegisteredClient.withId(stableId(portal.clientId()))
                    .clientId(portal.clientId())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUris(uris -> uris.addAll(portal.redirectUris()))
                    .postLogoutRedirectUris(uris -> uris.addAll(portal.postLogoutRedirectUris() == null
                            ? List.of() : portal.postLogoutRedirectUris()))
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true)
                            .requireAuthorizationConsent(false).build())
                    .tokenSettings(tokens)
                    .build());
        }
        for (IdentityProperties.Integration integration : properties.integrations()) {
            clients.add(RegisteredClient.withId(stableId(integration.clientId()))
                    .clientId(integration.clientId())
                    .clientSecret(integration.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenSettings(tokens)
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    private static String stableId(String clientId) {
        return UUID.nameUUIDFromBytes(("client:" + clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(IdentityProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(SigningKey.load(properties.signingKey())));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    /**
     * The platform's claims: for a person (authorization code) from the user directory, for an integration (client
     * credentials, where the principal is the client) from its registration.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> platformClaims(IdentityProperties properties) {
        Map<String, IdentityProperties.User> users = properties.users().stream()
                .collect(Collectors.toMap(IdentityProperties.User::username, Function.identity()));
        Map<String, IdentityProperties.Integration> integrations = properties.integrations().stream()
                .collect(Collectors.toMap(IdentityProperties.Integration::clientId, Function.identity()));
        return context -> {
            String partnerId;
            List<String> roles;
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                IdentityProperties.Integration integration = integrations.get(context.getRegisteredClient().getClientId());
                if (integration == null) {
                    return;
                }
                partnerId = integration.partnerId();
                roles = integration.roles();
            } else {
                IdentityProperties.User user = users.get(context.getPrincipal().getName());
                if (user == null) {
                    return;
                }
                partnerId = user.partnerId();
                roles = user.roles();
            }
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            context.getClaims().claims(claims -> {
                if (partnerId != null) {
                    claims.put("partnerId", partnerId);
                }
                claims.put("roles", List.copyOf(roles));
                if (accessToken) {
                    claims.put("aud", List.of(context.getRegisteredClient().getClientId(), properties.audience()));
                }
            });
        };
    }
}
