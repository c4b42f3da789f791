package com.cspmarket.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the four services are, and the gateway's own limits.
 *
 * @param services          base URLs of each service's instances, per service name (catalog, order, subscription,
 *                          billing; several comma-separated: the gateway balances across them)
 * @param requestsPerMinute what one partner (or, for a caller of no partner, one user; for anonymous calls, one
 *                          address) may send per minute before getting 429
 * @param maxBodySize       a larger request body is refused with 413 before it reaches a service
 * @param resolveAddresses  a service's host name stands for all its instances (Docker Compose replicas, a headless
 *                          Kubernetes service): the gateway balances over every address it resolves to, re-resolved
 *                          every few seconds
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(Map<String, List<URI>> services,
                                @DefaultValue("500") int requestsPerMinute,
                                @DefaultValue("1MB") DataSize maxBodySize,
                                @DefaultValue("PT30S") Duration clockTimeout,
                                @DefaultValue("false") boolean resolveAddresses) {

    public static final String CATALOG = "catalog";
    public static final String ORDER = "order";
    public static final String SUBSCRIPTION = "subscription";
    public static final String BILLING = "billing";

    public GatewayProperties {
        services = new LinkedHashMap<>(Objects.requireNonNull(services, "gateway.services"));
        for (String name : new String[]{CATALOG, ORDER, SUBSCRIPTION, BILLING}) {
            if (!services.containsKey(name) || services.get(name).isEmpty()) {
                throw new IllegalStateException("gateway.services." + name + " (the " + name + " service's base URL) is not set");
            }
        }
        if (requestsPerMinute < 1) {
            throw new IllegalStateException("gateway.requests-per-minute must be at least 1");
        }
    }

    /** The first instance of the service. */
    public URI service(String name) {
        return services.get(name).get(0);
    }

    /** Every instance of the service. */
    public List<URI> instances(String name) {
        return List.copyOf(services.get(name));
    }
}
