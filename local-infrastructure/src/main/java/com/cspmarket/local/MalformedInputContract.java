package com.cspmarket.local;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The bad-input test every service runs (its {@code MalformedInputIT} implements this on its Spring Boot test
 * base): 150 malformed requests to each endpoint the service maps ({@link EndpointFuzzer}) are answered 2xx (a read
 * of nothing) or 4xx problem+json, never 5xx, and the event store records nothing they caused (no event whose actor
 * is the fuzzer's; what the service's own schedulers and consumers record meanwhile is not theirs).
 */
public interface MalformedInputContract {

    /** How many endpoints the service must at least map (so a broken discovery cannot pass by fuzzing nothing). */
    int minimumEndpoints();

    @RepeatableTest
    default void thousandsOfMalformedRequestsGetA4xxProblemAndChangeNothing(
            @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping endpoints,
            @Autowired DataSource database, @Value("${local.server.port}") int port) {
        EndpointFuzzer.assertMalformedRequestsChangeNothing(port, endpoints, minimumEndpoints(), 150, () -> {
            try (Connection c = database.getConnection();
                 ResultSet rs = c.createStatement().executeQuery("""
                         SELECT count(*) FROM domain_event_entry
                         WHERE convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' LIKE '%s%%'"""
                         .formatted(EndpointFuzzer.SUBJECT_PREFIX))) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
