package com.cspmarket.kit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.List;
import java.util.Map;

/**
 * Partner tenant isolation for every endpoint: a partner user's request that names another partner
 * ({@code ?partnerId=}) is refused (403), and one that reaches another partner's resource by id (any URL template
 * variable a {@link TenantOwnership} knows) is answered as if the resource did not exist (404), so ids of other
 * partners' data cannot be probed. Operators pass. Runs before the handler, so nothing is read or changed.
 */
final class TenantGuard implements HandlerInterceptor {

    private final List<TenantOwnership> ownerships;

    TenantGuard(List<TenantOwnership> ownerships) {
        this.ownerships = List.copyOf(ownerships);
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
            variables.forEach((name, value) -> ownerships.forEach(ownership -> ownership.ownerOf(name, value)
                    .filter(owner -> !owner.equals(caller.partnerId()))
                    .ifPresent(owner -> {
                        throw BusinessException.notFound(name.replaceAll("Id$", ""), value);
                    })));
        }
        return true;
    }
}
