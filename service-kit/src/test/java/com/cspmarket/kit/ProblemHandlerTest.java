package com.cspmarket.kit;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemHandlerTest {

    final ProblemHandler handler = new ProblemHandler();

    @Test
    void anEventStoreThatCannotBeWrittenIsATemporaryUnavailabilityNotAConflict() {
        // what Axon's JDBC engine throws when PostgreSQL is restarting: the request may be sent again as it is
        ProblemDetail problem = handler.conflict(new EventStoreException(
                "An event for aggregate [c-1] at sequence [0] could not be persisted",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getType().toString()).endsWith("/temporarily-unavailable");
    }

    @Test
    void aDatabaseThatGivesNoConnectionIsATemporaryUnavailabilityWithRetryAfter() {
        var answer = handler.databaseUnavailable(new org.springframework.transaction.CannotCreateTransactionException(
                "Could not open JDBC Connection for transaction",
                new java.sql.SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getBody().getType().toString()).endsWith("/temporarily-unavailable");
    }

    @Test
    void creatingWhatExistsIsAConflict() {
        ProblemDetail problem = handler.conflict(new org.axonframework.modelling.command.AggregateStreamCreationException(
                "Cannot reuse aggregate identifier [o-1] to create aggregate [Offer]"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType().toString()).endsWith("/already-exists");
    }

    @Test
    void everyProblemCarriesPartnerCentersCodeAndDescription() {
        ProblemDetail problem = handler.business(new BusinessException("sku-not-found", org.springframework.http.HttpStatus.NOT_FOUND,
                "offer contoso.crm has no SKU 'gold'"));

        assertThat(problem.getProperties()).containsEntry("code", "400018") // Partner Center's "SKU not found"
                .containsEntry("description", "offer contoso.crm has no SKU 'gold'");
        assertThat(ProblemCodes.codeOf("not-listed-anywhere")).isEqualTo(ProblemCodes.codeOf("not-listed-anywhere"))
                .matches("9\\d{5}");
    }

    @Test
    void aConcurrentChangeIsAConflict() {
        ProblemDetail problem = handler.conflict(new ConcurrencyException("sequence 0 already exists"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType().toString()).endsWith("/conflict");
    }
}
