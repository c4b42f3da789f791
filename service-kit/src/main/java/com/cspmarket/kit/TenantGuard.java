package com.cspmarket.kit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Partner tenant isolation for every endpoint: a partner user's request that names another partner
 * ({@code ?partnerId=}) is refused (403), and one that reaches another partner's resource by id (any URL template
 * variable a {@link TenantOwnership} knows) is answered as if the resource did not exist (404), so ids of other
 * partners' data cannot be probed. Operators pass. Runs before the handler, so nothing is read or changed.
 * <p>An owner, once known, is remembered (up to {@code platform.security.tenant-owners} of them, Caffeine; 0 remembers
 * none): nothing on this platform changes hands (a customer, its subscriptions and its invoices stay with the partner
 * that created the customer; see {@link TenantOwnership}), so a checkout's two requests read the customer's owner once
 * instead of once each, in a transaction of their own. An id no ownership knows yet is asked again next time.
 */
final class TenantGuard implements HandlerInterceptor {

    private final List<TenantOwnership> ownerships;
    private final Cache<Key, String> owners;

    private record Key(int ownership, String variable, String value) {
    }

    TenantGuard(List<TenantOwnership> ownerships, int remembered) {
        this.ownerships = List.copyOf(ownerships);
        this.owners = remembered > 0 ? Caffeine.newBuilder().maximumSize(remembered).build() : null;
    }

    static BusinessException otherPartner() {
        return new BusinessException("other-partner", HttpStatus.FORBIDDEN,
                "The request names a partner other than the caller's own");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Caller caller = Caller.current().orElse(null);
        if (caller == null || caller.isOperator()) {
            return true; // unauthenticated requests reached only public endpoints; operators act for every partner
        }
        if (caller.partnerId() == null || caller.partnerId().isBlank()) {
            throw new BusinessException("no-partner", HttpStatus.FORBIDDEN, "The token names no partner (claim partnerId)");
        }
        for (String named : request.getParameterValues("partnerId") == null ? new String[0]
                : request.getParameterValues("partnerId")) {
            if (!caller.partnerId().equals(named)) {
                throw otherPartner();
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null) {
            variables.forEach((name, value) -> {
                for (int i = 0; i < ownerships.size(); i++) {
                    ownerOf(i, name, value)
                            .filter(owner -> !owner.equals(caller.partnerId()))
                            .ifPresent(owner -> {
                                throw BusinessException.notFound(name.replaceAll("Id$", ""), value);
                            });
                }
            });
        }
        return true;
    }

    /** The {@code i}th ownership's answer, remembered when it names an owner. */
    private Optional<String> ownerOf(int i, String variable, String value) {
        if (owners == null) {
            return ownerships.get(i).ownerOf(variable, value);
        }
        Key key = new Key(i, variable, value);
        String known = owners.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> owner = ownerships.get(i).ownerOf(variable, value);
        owner.ifPresent(o -> owners.put(key, o));
        return owner;
    }
}
