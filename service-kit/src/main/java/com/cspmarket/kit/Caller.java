package com.cspmarket.kit;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: the verified token's subject, partner (tenant; none for a platform operator) and roles.
 *
 * @param partnerId the partner the caller works for; null for a platform operator
 */
public record Caller(String subject, String partnerId, Set<String> roles) {

    /** The caller of the request being served, if it came with a valid token. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
            return Optional.empty();
        }
        Set<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Caller(jwt.getSubject(), jwt.getClaimAsString("partnerId"), roles));
    }

    public boolean isOperator() {
        return roles.contains(Roles.OPERATOR);
    }

    /** Whether this caller may see or act on what belongs to {@code owner} (a partner id). */
    public boolean mayActFor(String owner) {
        return isOperator() || (partnerId != null && partnerId.equals(owner));
    }

    /**
     * The partner a request acts for: the one it names, which a partner user may only name as their own (403
     * otherwise), or, when it names none, the caller's own. A request without a partner from an operator is 400.
     */
    public static String partnerFor(String named) {
        Caller caller = current().orElse(null);
        if (caller == null || caller.isOperator()) {
            if (named == null || named.isBlank()) {
                throw new BusinessException("partner-required", HttpStatus.BAD_REQUEST,
                        "partnerId is required (the caller acts for no partner of its own)");
            }
            return named;
        }
        if (named != null && !named.isBlank() && !named.equals(caller.partnerId())) {
            throw TenantGuard.otherPartner();
        }
        return caller.partnerId();
    }
}
