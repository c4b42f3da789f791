package com.cspmarket.gateway;

import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Balances each service's requests over its instances ({@code gateway.services.<name>}, comma-separated), in turn.
 * An instance that refuses the connection (stopped, or killed) is tried no more for {@value #DOWN_SECONDS} s and the
 * request goes to the next one: nothing was sent to the refusing instance, so this is safe for any method, a POST
 * included. Any other failure (a timeout, a broken answer) is not retried here: the request may have been carried
 * out, and the client decides (with the same {@code MS-RequestId}). When every instance refuses, the caller gets the
 * last refusal (503). With {@code gateway.resolve-addresses}, each configured URL's host name is resolved to all its
 * addresses (every replica behind one name), again every {@value #RESOLVE_SECONDS} s, and each address is an instance.
 */
@Component
class ServiceInstances {

    static final long DOWN_SECONDS = 5;
    static final long RESOLVE_SECONDS = 5;

    /** All addresses of a host name. */
    interface Resolver {
        List<java.net.InetAddress> addresses(String host) throws java.net.UnknownHostException;
    }

    private record Resolved(List<URI> instances, Instant at) {
    }

    private final GatewayProperties properties;
    private final Clock clock;
    private final Resolver resolver;
    private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Map<URI, Instant> downUntil = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    ServiceInstances(GatewayProperties properties) {
        this(properties, Clock.systemUTC(), host -> List.of(java.net.InetAddress.getAllByName(host)));
        if (properties.resolveAddresses()) {
            // the JVM would otherwise keep a name's addresses for 30 s, and miss replicas started meanwhile
            java.security.Security.setProperty("networkaddress.cache.ttl", String.valueOf(RESOLVE_SECONDS));
        }
    }

    ServiceInstances(GatewayProperties properties, Clock clock, Resolver resolver) {
        this.properties = properties;
        this.clock = clock;
        this.resolver = resolver;
    }

    /** The service's instances: as configured, or every address of each configured host. */
    List<URI> instances(String service) {
        if (!properties.resolveAddresses()) {
            return properties.instances(service);
        }
        Instant now = clock.instant();
        Resolved known = resolved.get(service);
        if (known != null && known.at().plusSeconds(RESOLVE_SECONDS).isAfter(now)) {
            return known.instances();
        }
        List<URI> instances = new ArrayList<>();
        for (URI configured : properties.instances(service)) {
            try {
                for (java.net.InetAddress address : resolver.addresses(configured.getHost())) {
                    instances.add(withHost(configured, address.getHostAddress()));
                }
            } catch (java.net.UnknownHostException e) {
                instances.add(configured); // not resolvable now: tried as it is, and refused like a stopped instance
            }
        }
        resolved.put(service, new Resolved(List.copyOf(instances), now));
        return instances;
    }

    private static URI withHost(URI uri, String host) {
        return org.springframework.web.util.UriComponentsBuilder.fromUri(uri)
                .host(host.contains(":") ? "[" + host + "]" : host).build(true).toUri();
    }

    /**
     * The service's instances in the order to try them for the next request: starting one further than the last
     * request did, instances known to be down last.
     */
    List<URI> order(String service) {
        List<URI> instances = instances(service);
        int start = Math.floorMod(turns.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement(),
                instances.size());
        Instant now = clock.instant();
        List<URI> up = new ArrayList<>();
        List<URI> down = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            URI instance = instances.get((start + i) % instances.size());
            Instant until = downUntil.get(instance);
            (until != null && until.isAfter(now) ? down : up).add(instance);
        }
        up.addAll(down);
        return up;
    }

    void refused(URI instance) {
        downUntil.put(instance, clock.instant().plus(Duration.ofSeconds(DOWN_SECONDS)));
    }

    void answered(URI instance) {
        downUntil.remove(instance);
    }

    /** The last filter of a route: sends the request to an instance of the service, the next one if it refuses. */
    HandlerFilterFunction<ServerResponse, ServerResponse> balanced(String service) {
        return (request, next) -> {
            List<URI> candidates = order(service);
            Exception refusal = null;
            for (URI instance : candidates) {
                MvcUtils.setRequestUrl(request, instance);
                try {
                    ServerResponse response = next.handle(request);
                    answered(instance);
                    return response;
                } catch (Exception e) {
                    if (!refusedConnection(e)) {
                        throw e;
                    }
                    refused(instance);
                    refusal = e;
                }
            }
            throw refusal;
        };
    }

    /** The instance refused or never accepted the connection: nothing of the request reached it. */
    static boolean refusedConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
