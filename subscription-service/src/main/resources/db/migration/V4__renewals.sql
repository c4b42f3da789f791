-- What subscription-service knows of the catalog (fed from catalog integration events only): the SKU limits a
-- quantity change must respect, and every price with its effective date, so a renewal takes the price current then.
CREATE TABLE plan (
    offer_id     VARCHAR(64) NOT NULL,
    sku_id       VARCHAR(64) NOT NULL,
    min_quantity INTEGER     NOT NULL,
    max_quantity INTEGER     NOT NULL,
    withdrawn    BOOLEAN     NOT NULL DEFAULT false,
    PRIMARY KEY (offer_id, sku_id)
);
CREATE TABLE plan_price (
    offer_id       VARCHAR(64)    NOT NULL,
    sku_id         VARCHAR(64)    NOT NULL,
    market         VARCHAR(2)     NOT NULL,
    effective_from DATE           NOT NULL,
    currency       VARCHAR(3)     NOT NULL,
    unit_price     NUMERIC        NOT NULL, -- unconstrained: the scale the catalog gave is kept
    PRIMARY KEY (offer_id, sku_id, market, effective_from)
);

-- The term end of live subscriptions, for the renewal scheduler.
ALTER TABLE subscription_view ADD COLUMN term_end TIMESTAMPTZ;
UPDATE subscription_view SET term_end = (document ->> 'commitmentEndDate')::timestamptz;
CREATE INDEX subscription_view_due ON subscription_view (term_end, subscription_id) WHERE status IN ('active', 'suspended');
