-- Subscription events are applied in the order of the subscription's own history (the envelope's aggregateSequence),
-- whatever order Kafka delivers them in. next_sequence: the next one to apply; an event from further ahead waits in
-- subscription_event_parked, and is applied (and deleted) in the transaction that applies the one before it.
CREATE TABLE subscription_event_cursor (
    subscription_id TEXT        PRIMARY KEY,
    next_sequence   BIGINT      NOT NULL
);

CREATE TABLE subscription_event_parked (
    subscription_id TEXT        NOT NULL,
    sequence        BIGINT      NOT NULL,
    event_id        UUID        NOT NULL,
    envelope        BYTEA       NOT NULL,
    parked_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subscription_id, sequence)
);
