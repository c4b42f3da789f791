package com.cspmarket.kit;

import java.util.Optional;

/**
 * A service's answer to "which partner owns this?" for the ids in its URL paths ({@code customerId},
 * {@code invoiceId}, ...). {@link TenantGuard} asks it before any handler runs, so a partner user never reaches
 * another partner's data through any endpoint, present or future. An owner it names must be for good (the guard
 * remembers it): ownership on this platform never changes.
 */
public interface TenantOwnership {

    /**
     * @param pathVariable the name of the URL template variable ({@code customerId})
     * @param value        its value in this request
     * @return the owning partner; empty when this service does not know the id (the handler then answers 404 or
     *         an empty list) or the variable names nothing partner-owned
     */
    Optional<String> ownerOf(String pathVariable, String value);
}
