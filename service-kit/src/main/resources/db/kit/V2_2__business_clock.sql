-- The offset of a moved business clock (demo and test only: platform.clock.movable), so that it survives a restart.
CREATE TABLE business_clock (
    id        SMALLINT    PRIMARY KEY CHECK (id = 1),
    offset_ms BIGINT      NOT NULL,
    moved_at  TIMESTAMPTZ NOT NULL
);
