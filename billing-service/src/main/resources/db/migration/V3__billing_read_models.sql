-- Charges and invoices, projected in one processor (billing-projection) so a replay assigns charges to
-- invoices exactly as the live run did. Amounts are exact decimals; currency codes are ISO 4217.
CREATE TABLE charge_line (
    charge_id        VARCHAR(100)   PRIMARY KEY,
    subscription_id  VARCHAR(64)    NOT NULL,
    partner_id       VARCHAR(64)    NOT NULL,
    customer_id      VARCHAR(64)    NOT NULL,
    order_id         VARCHAR(64)    NOT NULL,
    offer_id         VARCHAR(64)    NOT NULL,
    offer_name       VARCHAR(200)   NOT NULL,
    publisher_name   VARCHAR(200)   NOT NULL,
    sku_id           VARCHAR(64)    NOT NULL,
    charge_type      VARCHAR(20)    NOT NULL,
    quantity         INTEGER        NOT NULL,
    unit_price       NUMERIC(19, 4) NOT NULL,
    amount           NUMERIC(19, 4) NOT NULL,
    currency         VARCHAR(3)     NOT NULL,
    charge_start     DATE           NOT NULL,
    charge_end       DATE           NOT NULL,
    billing_period   VARCHAR(7)     NOT NULL,
    source_event_ids VARCHAR(64)[]  NOT NULL,
    recorded_event_id VARCHAR(64)   NOT NULL,
    recorded_at      TIMESTAMPTZ    NOT NULL,
    invoice_id       VARCHAR(64)
);
CREATE INDEX charge_line_uninvoiced ON charge_line (partner_id, currency, billing_period) WHERE invoice_id IS NULL;
CREATE INDEX charge_line_invoice ON charge_line (invoice_id);

CREATE TABLE invoice (
    invoice_id     VARCHAR(64)    PRIMARY KEY,
    invoice_number VARCHAR(100)   NOT NULL UNIQUE,
    sequence       BIGINT         NOT NULL,
    partner_id     VARCHAR(64)    NOT NULL,
    currency       VARCHAR(3)     NOT NULL,
    billing_period VARCHAR(7)     NOT NULL,
    period_start   DATE           NOT NULL,
    period_end     DATE           NOT NULL,
    issued_at      TIMESTAMPTZ    NOT NULL,
    release_at     TIMESTAMPTZ    NOT NULL,
    released_at    TIMESTAMPTZ,
    total          NUMERIC(19, 4) NOT NULL,
    line_count     INTEGER        NOT NULL,
    UNIQUE (partner_id, currency, billing_period),
    UNIQUE (partner_id, sequence)
);
CREATE INDEX invoice_partner ON invoice (partner_id, released_at);
