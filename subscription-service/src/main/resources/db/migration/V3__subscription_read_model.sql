CREATE TABLE subscription_view (
    subscription_id VARCHAR(64) PRIMARY KEY,
    customer_id     VARCHAR(64) NOT NULL,
    partner_id      VARCHAR(64) NOT NULL,
    order_id        VARCHAR(64) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    document        JSONB       NOT NULL,
    version         BIGINT      NOT NULL
);
CREATE INDEX subscription_view_customer ON subscription_view (customer_id);
CREATE INDEX subscription_view_order ON subscription_view (order_id);
