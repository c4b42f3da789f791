package com.cspmarket.portal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sign-in at the platform's identity provider (OpenID Connect, authorization code with PKCE; the portal is a public
 * client), every page behind it. The user's roles come from the ID token's {@code roles} claim as
 * {@code ROLE_<role>}; what a role may do is decided by the API, the portal only hides what would be refused.
 */
@Configuration
class PortalSecurity {

    static final String REGISTRATION = "platform";

    @Bean
    SecurityFilterChain portal(HttpSecurity http, PortalProperties properties) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/assets/**", "/favicon.ico", "/actuator/health/**", "/signed-out").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.loginPage("/oauth2/authorization/" + REGISTRATION))
                .logout(logout -> logout.logoutSuccessHandler(signOutAtIdentityProvider(properties)));
        return http.build();
    }

    /** Ends the identity provider's session too (OpenID Connect RP-initiated logout), then back to the portal. */
    private static LogoutSuccessHandler signOutAtIdentityProvider(PortalProperties properties) {
        return (request, response, authentication) -> {
            String back = UriComponentsBuilder.fromUriString(request.getRequestURL().toString())
                    .replacePath(request.getContextPath() + "/signed-out").replaceQuery(null).build().toUriString();
            if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
                response.sendRedirect(UriComponentsBuilder.fromUriString(properties.identityUrl() + "/connect/logout")
                        .queryParam("id_token_hint", user.getIdToken().getTokenValue())
                        .queryParam("post_logout_redirect_uri", back)
                        .build().encode().toUriString());
            } else {
                response.sendRedirect(back);
            }
        };
    }

    @Bean
    GrantedAuthoritiesMapper rolesFromIdToken() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    Object roles = oidc.getIdToken().getClaims().get("roles");
                    if (roles instanceof List<?> list) {
                        list.forEach(role -> mapped.add(new SimpleGrantedAuthority("ROLE_" + role)));
                    }
                }
            }
            return mapped;
        };
    }
}
