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
    void creatingWhatExistsIsAConflict() {
        ProblemDetail problem = handler.conflict(new org.axonframework.modelling.command.AggregateStreamCreationException(
                "Cannot reuse aggregate identifier [o-1] to create aggregate [Offer]"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType().toString()).endsWith("/already-exists");
    }

    @Test
    void aConcurrentChangeIsAConflict() {
        ProblemDetail problem = handler.conflict(new ConcurrencyException("sequence 0 already exists"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType().toString()).endsWith("/conflict");
    }
}
