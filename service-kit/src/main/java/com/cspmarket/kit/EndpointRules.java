package com.cspmarket.kit;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's role rules for its own endpoints, added to the kit's ({@link PlatformSecurity}): health is public,
 * {@code /admin/**} and the other actuator endpoints are the operator's, and whatever no rule names is denied.
 */
@FunctionalInterface
public interface EndpointRules {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
