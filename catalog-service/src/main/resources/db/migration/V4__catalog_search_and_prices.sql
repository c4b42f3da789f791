-- Searchable offers, their SKUs and the full, effective-dated price history (never overwritten: a price row is
-- keyed by its effective date; a later event may only replace a price that had not taken effect yet).
ALTER TABLE offer_view
    ADD COLUMN description    TEXT          NOT NULL DEFAULT '',
    ADD COLUMN categories     VARCHAR(80)[] NOT NULL DEFAULT '{}',
    ADD COLUMN support_email  VARCHAR(320),
    ADD COLUMN support_url    VARCHAR(500),
    ADD COLUMN publisher_kind VARCHAR(16)   NOT NULL DEFAULT 'THIRD_PARTY',
    ADD COLUMN withdrawn      BOOLEAN       NOT NULL DEFAULT false,
    ADD COLUMN withdrawn_reason TEXT,
    ADD COLUMN search         TSVECTOR      NOT NULL DEFAULT ''::tsvector,
    ALTER COLUMN document DROP NOT NULL;

CREATE INDEX offer_view_search ON offer_view USING GIN (search);
CREATE INDEX offer_view_categories ON offer_view USING GIN (categories);
CREATE INDEX offer_view_countries ON offer_view USING GIN (countries);
CREATE INDEX offer_view_type ON offer_view (offer_type, publisher_kind);
CREATE INDEX offer_view_name ON offer_view (lower(name), offer_id);

CREATE TABLE offer_sku (
    offer_id      VARCHAR(64)  NOT NULL REFERENCES offer_view ON DELETE CASCADE,
    sku_id        VARCHAR(64)  NOT NULL,
    position      INTEGER      NOT NULL,
    name          VARCHAR(200) NOT NULL,
    term          VARCHAR(8)   NOT NULL,
    billing_cycle VARCHAR(16)  NOT NULL,
    min_quantity  INTEGER      NOT NULL,
    max_quantity  INTEGER      NOT NULL,
    trial         BOOLEAN      NOT NULL,
    PRIMARY KEY (offer_id, sku_id)
);

CREATE TABLE sku_price (
    offer_id       VARCHAR(64)    NOT NULL,
    sku_id         VARCHAR(64)    NOT NULL,
    market         VARCHAR(2)     NOT NULL,
    currency       VARCHAR(3)     NOT NULL,
    unit_price     NUMERIC(19, 4) NOT NULL,
    effective_from DATE           NOT NULL,
    recorded_at    TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (offer_id, sku_id, market, effective_from),
    FOREIGN KEY (offer_id, sku_id) REFERENCES offer_sku ON DELETE CASCADE
);
CREATE INDEX sku_price_market ON sku_price (market, offer_id, sku_id, effective_from DESC);
