package com.cspmarket.gateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;

import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The JWT is checked at the edge too (the services check it again): RS256, the identity provider's key (a public key
 * or its JWK set), issuer, audience and expiry. Public without a token: health, the customer's activation link, the
 * API documentation. {@code /admin/**} is the platform operator's. Role and tenant rules per endpoint are the
 * services' (they know their resources); the gateway only turns away what cannot be any caller's.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class EdgeSecurity {

    @Bean
    JwtDecoder jwtDecoder(@Value("${platform.security.jwt.public-key:}") String publicKey,
                          @Value("${platform.security.jwt.jwk-set-uri:}") String jwkSetUri,
                          @Value("${platform.security.jwt.issuer:https://login.cspmarket.example/dev}") String issuer,
                          @Value("${platform.security.jwt.audience:api://cspmarket}") String audience) {
        NimbusJwtDecoder decoder;
        if (!jwkSetUri.isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        } else if (!publicKey.isBlank()) {
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

    @Bean
    SecurityFilterChain edgeSecurityFilterChain(HttpSecurity http) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error", "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v1/subscriptions/*/activation").permitAll()
                        .requestMatchers(HttpMethod.POST, "/v1/subscriptions/*/activation").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/v3/gateway-api-docs", "/v3/gateway-api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasRole("PlatformOperator")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((request, response, e) -> {
                            bearer.commence(request, response, e);
                            String given = request.getHeader("Authorization");
                            EdgeProblems.write(response, EdgeProblems.Problem.UNAUTHORIZED, given == null || given.isBlank()
                                    ? "A bearer token is required (Authorization: Bearer <JWT>)"
                                    : "The bearer token is not valid: " + e.getMessage());
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            denied.handle(request, response, e);
                            EdgeProblems.write(response, EdgeProblems.Problem.FORBIDDEN,
                                    "The caller's roles do not allow " + request.getMethod() + " " + request.getRequestURI());
                        }))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> EdgeProblems.write(response,
                                EdgeProblems.Problem.UNAUTHORIZED, "A bearer token is required (Authorization: Bearer <JWT>)"))
                        .accessDeniedHandler((request, response, e) -> EdgeProblems.write(response,
                                EdgeProblems.Problem.FORBIDDEN, "The caller's roles do not allow " + request.getMethod()
                                        + " " + request.getRequestURI())));
        return http.build();
    }
}
