package com.cspmarket.kit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.util.List;

/**
 * Every service is an OAuth2 resource server: requests carry an RS256 bearer token (JWT) from the partner directory,
 * verified against its public key ({@code platform.security.jwt.public-key}, base64 or PEM) or its JWK set
 * ({@code platform.security.jwt.jwk-set-uri}), issuer and audience checked, expiry with a minute's skew. Roles come
 * from the {@code roles} claim ({@link Roles}), the tenant from {@code partnerId} ({@link Caller}). Without a key
 * the service does not start. 401 and 403 are problem+json. A token's signature is checked on its first request
 * only ({@link VerifiedTokenCache}, {@code platform.security.jwt.verified-tokens} kept, 0 for none), its times on every one.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class PlatformSecurity {

    @Bean
    JwtDecoder jwtDecoder(@Value("${platform.security.jwt.public-key:}") String publicKey,
                          @Value("${platform.security.jwt.jwk-set-uri:}") String jwkSetUri,
                          @Value("${platform.security.jwt.issuer:https://login.cspmarket.example/dev}") String issuer,
                          @Value("${platform.security.jwt.audience:api://cspmarket}") String audience,
                          @Value("${platform.security.jwt.verified-tokens:10000}") int verifiedTokens) {
        JwtDecoder verifier = TokenVerification.decoder(publicKey, jwkSetUri, issuer, audience);
        return verifiedTokens <= 0 ? verifier : new VerifiedTokenCache(verifier, verifiedTokens, java.time.Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, ObjectProvider<EndpointRules> rules) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        AuthenticationEntryPoint unauthorized = unauthorized();
        AccessDeniedHandler forbidden = forbidden();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/error", "/actuator/health", "/actuator/health/**", "/actuator/info",
                            "/v3/api-docs", "/v3/api-docs/**").permitAll();
                    requests.requestMatchers("/admin/**", "/actuator/**").hasRole(Roles.OPERATOR);
                    rules.orderedStream().forEach(r -> r.authorize(requests));
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    @Bean
    WebMvcConfigurer tenantGuard(ObjectProvider<TenantOwnership> ownerships,
                                 @Value("${platform.security.tenant-owners:100000}") int rememberedOwners) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new TenantGuard(ownerships.orderedStream().toList(), rememberedOwners));
            }
        };
    }

    private static AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            bearer.commence(request, response, e);
            String given = request.getHeader("Authorization");
            ProblemHandler.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", given == null || given.isBlank()
                    ? "A bearer token is required (Authorization: Bearer <JWT>)"
                    : "The bearer token is not valid: " + e.getMessage());
        };
    }

    private static AccessDeniedHandler forbidden() {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            bearer.handle(request, response, e);
            ProblemHandler.write(response, HttpStatus.FORBIDDEN, "forbidden", "The caller's roles do not allow " + request.getMethod() + " "
                    + request.getRequestURI());
        };
    }

}
