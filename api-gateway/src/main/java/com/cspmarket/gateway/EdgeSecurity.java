package com.cspmarket.gateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;


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
        return com.cspmarket.kit.TokenVerification.decoder(publicKey, jwkSetUri, issuer, audience);
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
