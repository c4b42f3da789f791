package com.cspmarket.catalog.docker;

import org.flywaydb.core.Flyway;
import com.cspmarket.local.RepeatableTest;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Docker exists: the migrations apply on the same PostgreSQL image docker-compose.yml runs.
 * Without a Docker engine the class is skipped (the embedded-PostgreSQL tests cover the schema there).
 */
@Testcontainers(disabledWithoutDocker = true)
class MigrationsOnComposeImageIT {

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:15.10");

    @RepeatableTest
    void migrationsApplyOnTheComposeImage() throws Exception {
        Flyway.configure().dataSource(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword())
                .locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword());
             ResultSet rs = c.getMetaData().getTables(null, "public", "domain_event_entry", null)) {
            assertThat(rs.next()).isTrue();
        }
    }
}
