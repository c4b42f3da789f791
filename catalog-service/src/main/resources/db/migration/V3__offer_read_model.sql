-- Read model of published offers (rebuilt by replaying the offer-projection processor).
CREATE TABLE offer_view (
    offer_id          VARCHAR(64)  PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    publisher_id      VARCHAR(64)  NOT NULL,
    publisher_name    VARCHAR(200) NOT NULL,
    offer_type        VARCHAR(32)  NOT NULL,
    offered_to_csp    BOOLEAN      NOT NULL,
    countries         VARCHAR(2)[] NOT NULL,
    document          JSONB        NOT NULL,
    published_at      TIMESTAMPTZ  NOT NULL,
    version           BIGINT       NOT NULL
);
CREATE INDEX offer_view_publisher ON offer_view (publisher_id);
