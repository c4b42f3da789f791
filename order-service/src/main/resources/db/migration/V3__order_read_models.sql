-- The catalog as order-service knows it, fed only from catalog integration events (no synchronous calls).
CREATE TABLE catalog_offer (
    offer_id       VARCHAR(64)  PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    publisher_name VARCHAR(200) NOT NULL,
    offer_type     VARCHAR(32)  NOT NULL,
    offered_to_csp BOOLEAN      NOT NULL,
    countries      VARCHAR(2)[] NOT NULL,
    last_event_at  TIMESTAMPTZ  NOT NULL
);
CREATE TABLE catalog_sku (
    offer_id      VARCHAR(64) NOT NULL REFERENCES catalog_offer ON DELETE CASCADE,
    sku_id        VARCHAR(64) NOT NULL,
    name          VARCHAR(200) NOT NULL,
    term          VARCHAR(8)  NOT NULL,
    billing_cycle VARCHAR(16) NOT NULL,
    min_quantity  INTEGER     NOT NULL,
    max_quantity  INTEGER     NOT NULL,
    PRIMARY KEY (offer_id, sku_id)
);
CREATE TABLE catalog_price (
    offer_id       VARCHAR(64)    NOT NULL,
    sku_id         VARCHAR(64)    NOT NULL,
    market         VARCHAR(2)     NOT NULL,
    currency       VARCHAR(3)     NOT NULL,
    unit_price     NUMERIC(19, 4) NOT NULL,
    effective_from DATE           NOT NULL,
    PRIMARY KEY (offer_id, sku_id, market, effective_from),
    FOREIGN KEY (offer_id, sku_id) REFERENCES catalog_sku ON DELETE CASCADE
);

CREATE TABLE customer_view (
    customer_id     VARCHAR(64)  PRIMARY KEY,
    partner_id      VARCHAR(64)  NOT NULL,
    company_name    VARCHAR(200) NOT NULL,
    billing_country VARCHAR(2)   NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX customer_view_partner ON customer_view (partner_id);

CREATE TABLE cart_view (
    cart_id     VARCHAR(64) PRIMARY KEY,
    customer_id VARCHAR(64) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    order_id    VARCHAR(64),
    document    JSONB       NOT NULL,
    version     BIGINT      NOT NULL
);

CREATE TABLE order_view (
    order_id    VARCHAR(64) PRIMARY KEY,
    customer_id VARCHAR(64) NOT NULL,
    partner_id  VARCHAR(64) NOT NULL,
    placed_at   TIMESTAMPTZ NOT NULL,
    document    JSONB       NOT NULL,
    version     BIGINT      NOT NULL
);
CREATE INDEX order_view_customer ON order_view (customer_id, placed_at);
