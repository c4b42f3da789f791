package com.cspmarket.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.rewritePath;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.web.servlet.function.RequestPredicates.path;

/**
 * The public API, one base URL: each path goes to the service that owns it, unchanged (the services speak Partner
 * Center's shapes themselves; the gateway translates no JSON), to its instances in turn ({@link ServiceInstances}). Operator endpoints of one service are reached as
 * {@code /admin/{service}/...}, their OpenAPI as {@code /v3/api-docs/{service}}. A service that does not answer is
 * a 503 (or a 504 after the read timeout) problem naming it; every route is rate limited per partner.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    private final GatewayProperties properties;
    private final PartnerRateLimit rateLimit;
    private final ServiceInstances instances;

    GatewayRoutes(GatewayProperties properties, PartnerRateLimit rateLimit, ServiceInstances instances) {
        this.properties = properties;
        this.rateLimit = rateLimit;
        this.instances = instances;
    }

    /** A customer's subscriptions and the customer's activation link: subscription-service. */
    @Bean
    RouterFunction<ServerResponse> subscriptionRoutes() {
        return service(GatewayProperties.SUBSCRIPTION, path("/v1/customers/*/subscriptions")
                .or(path("/v1/customers/*/subscriptions/**"))
                .or(path("/v1/subscriptions/**")));
    }

    /** Customers, their carts, orders, eligibility and profiles: order-service. */
    @Bean
    RouterFunction<ServerResponse> orderRoutes() {
        return service(GatewayProperties.ORDER, path("/v1/customers").or(path("/v1/customers/**")));
    }

    /** The catalog: catalog-service. */
    @Bean
    RouterFunction<ServerResponse> catalogRoutes() {
        return service(GatewayProperties.CATALOG, path("/v1/offers").or(path("/v1/offers/**"))
                .or(path("/v1/products")).or(path("/v1/products/**"))
                .or(path("/v1/price-list")).or(path("/v1/price-changes")));
    }

    /** Invoices, their line items and the unbilled charges: billing-service. */
    @Bean
    RouterFunction<ServerResponse> billingRoutes() {
        return service(GatewayProperties.BILLING, path("/v1/invoices").or(path("/v1/invoices/**")));
    }

    /** {@code /admin/{service}/**} and {@code /v3/api-docs/{service}} to that service's own paths. */
    @Bean
    RouterFunction<ServerResponse> operatorAndDocsRoutes() {
        RouterFunction<ServerResponse> routes = null;
        for (String name : properties.services().keySet()) {
            RouterFunction<ServerResponse> admin = route("admin-" + name)
                    .route(path("/admin/" + name + "/**"), http())
                    .before(rewritePath("/admin/" + name + "/(?<rest>.*)", "/admin/${rest}"))
                    .filter(rateLimit.filter())
                    .filter(unavailable(name))
                    .filter(instances.balanced(name))
                    .build();
            RouterFunction<ServerResponse> docs = route("docs-" + name)
                    .route(path("/v3/api-docs/" + name), http())
                    .before(rewritePath("/v3/api-docs/" + name, "/v3/api-docs"))
                    .filter(unavailable(name))
                    .filter(instances.balanced(name))
                    .build();
            routes = routes == null ? admin.and(docs) : routes.and(admin).and(docs);
        }
        return routes;
    }

    private RouterFunction<ServerResponse> service(String name, RequestPredicate paths) {
        return route(name)
                .route(paths, http())
                .filter(rateLimit.filter())
                .filter(unavailable(name))
                .filter(instances.balanced(name))
                .build();
    }

    /** A service that refuses the connection or does not answer in time: 503 or 504, naming it. */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> unavailable(String name) {
        return (request, next) -> {
            try {
                return next.handle(request);
            } catch (Exception e) {
                if (causedBy(e, HttpTimeoutException.class) && !causedBy(e, HttpConnectTimeoutException.class)) {
                    return EdgeProblems.response(EdgeProblems.Problem.GATEWAY_TIMEOUT,
                            "The " + name + " service did not answer in time; the request may or may not have been"
                                    + " carried out: send it again with the same MS-RequestId");
                }
                if (causedBy(e, ConnectException.class) || causedBy(e, HttpConnectTimeoutException.class)
                        || causedBy(e, java.nio.channels.ClosedChannelException.class)
                        || causedBy(e, java.io.IOException.class)) {
                    return EdgeProblems.response(EdgeProblems.Problem.SERVICE_UNAVAILABLE,
                            "The " + name + " service is not available just now; send the request again shortly");
                }
                throw e;
            }
        };
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
