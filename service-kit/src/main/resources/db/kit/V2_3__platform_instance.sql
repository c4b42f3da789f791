-- Instances of the service that are alive (each renews its row every few seconds), so that each can tell its fair
-- share of a projection's segments (SegmentBalancer).
CREATE TABLE platform_instance (
    instance_id VARCHAR(255) PRIMARY KEY,
    seen_at     TIMESTAMPTZ  NOT NULL
);
