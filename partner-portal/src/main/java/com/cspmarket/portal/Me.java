package com.cspmarket.portal;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.List;

/** The signed-in user as the pages need it: name, partner, roles (from the identity provider's ID token). */
public record Me(String name, String partnerId, List<String> roles) {

    static Me of(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
            return null;
        }
        List<String> roles = user.getClaimAsStringList("roles");
        return new Me(user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject(),
                user.getClaimAsString("partnerId"), roles == null ? List.of() : roles);
    }

    /** Partner staff who sell: the marketplace, customers, carts and subscriptions. */
    public boolean isPartner() {
        return partnerId != null && (roles.contains("AdminAgent") || roles.contains("SalesAgent"));
    }

    /** Invoices and unbilled charges are for billing admins only. */
    public boolean isBilling() {
        return partnerId != null && roles.contains("BillingAdmin");
    }

    public boolean isOperator() {
        return roles.contains("PlatformOperator");
    }

    /** Where the user starts after signing in. */
    String home() {
        return isPartner() ? "/marketplace" : isBilling() ? "/billing" : isOperator() ? "/operator" : "/signed-in";
    }
}
