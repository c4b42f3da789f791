package com.cspmarket.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kit's switched-off-by-default endpoints, switched at run time: the operator's projection and audit APIs
 * ({@code platform.admin.enabled}) and the movable business clock ({@code platform.clock.movable}). Their controllers
 * are always in the application context, so that a context processed ahead of time at build time (Spring AOT, which
 * decides every bean condition then) honours the switches given when the service starts. Switched off, such an
 * endpoint answers as a path that does not exist (404 problem+json; only a method it does not have still gets 405)
 * and is left out of the OpenAPI document.
 */
final class OptionalEndpoints implements WebMvcConfigurer, HandlerInterceptor, OpenApiCustomizer {

    /** One switch, the controllers it opens and their paths (for the OpenAPI document). */
    record Switch(String property, List<Class<?>> controllers, List<String> prefixes) {

        boolean covers(String path) {
            return prefixes.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
        }
    }

    static final Switch ADMIN = new Switch("platform.admin.enabled",
            List.of(ProjectionAdminController.class, AuditController.class), List.of("/admin/projections", "/admin/audit"));
    static final Switch CLOCK = new Switch("platform.clock.movable", List.of(ClockController.class), List.of("/admin/clock"));

    private static final String SCHEMA_REF = "#/components/schemas/";

    private final List<Switch> off;

    OptionalEndpoints(Environment environment) {
        this.off = Stream.of(ADMIN, CLOCK).filter(s -> !enabled(environment, s)).toList();
    }

    static boolean enabled(Environment environment, Switch which) {
        return environment.getProperty(which.property(), Boolean.class, false);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (!off.isEmpty()) {
            registry.addInterceptor(this);
        }
    }

    /**
     * A request for a switched-off endpoint goes no further: 404, as for a path that does not exist. Decided by the
     * controller the request was mapped to, not by its path, which may arrive encoded in more than one way.
     */
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws NoResourceFoundException {
        if (handler instanceof HandlerMethod method
                && off.stream().anyMatch(s -> s.controllers().contains(ClassUtils.getUserClass(method.getBeanType())))) {
            throw new NoResourceFoundException(HttpMethod.valueOf(request.getMethod()),
                    request.getRequestURI().substring(request.getContextPath().length()));
        }
        return true;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (off.isEmpty() || openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().keySet().removeIf(path -> off.stream().anyMatch(s -> s.covers(path)));
        dropUnreferencedSchemas(openApi);
    }

    /**
     * The schemas only the removed paths used go too (springdoc prunes unreferenced schemas before customizers run):
     * whatever the rest of the document refers to, directly or through other schemas, stays.
     */
    private static void dropUnreferencedSchemas(OpenAPI openApi) {
        Components components = openApi.getComponents();
        if (components == null || components.getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = components.getSchemas();
        ObjectNode rest = Json.mapper().valueToTree(openApi);
        ((ObjectNode) rest.path("components")).remove("schemas");
        Deque<String> todo = new ArrayDeque<>(schemaRefs(rest));
        Set<String> reachable = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (reachable.add(name) && schemas.containsKey(name)) {
                todo.addAll(schemaRefs(Json.mapper().valueToTree(schemas.get(name))));
            }
        }
        schemas.keySet().retainAll(reachable);
    }

    private static List<String> schemaRefs(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (JsonNode ref : node.findValues("$ref")) {
            String value = ref.asText();
            if (value.startsWith(SCHEMA_REF)) {
                names.add(value.substring(SCHEMA_REF.length()));
            }
        }
        return names;
    }
}
