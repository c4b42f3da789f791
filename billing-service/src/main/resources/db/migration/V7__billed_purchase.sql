-- What each subscription's invoice line items name besides the charge itself (term and billing cycle, order date,
-- market, SKU name, publisher id, customer name and domain, friendly name), from billing's PurchaseRecorded events.
-- Part of the billing projection: rebuilding it (POST /admin/projections/billing-projection/rebuild) fills this table
-- for subscriptions bought before it existed.
CREATE TABLE billed_purchase (
    subscription_id      VARCHAR(64)  PRIMARY KEY,
    term                 VARCHAR(10)  NOT NULL,
    billing_cycle        VARCHAR(10)  NOT NULL,
    order_date           TIMESTAMPTZ,
    market               TEXT,
    sku_name             TEXT,
    publisher_id         TEXT,
    customer_name        TEXT,
    customer_domain_name TEXT,
    friendly_name        TEXT
);

-- The public id of an invoice is its number (as in Partner Center): looked up by it.
CREATE UNIQUE INDEX invoice_number_unique ON invoice (invoice_number);
-- The unbilled line items are read page by page in this order (continuation); the index replaces the narrower one.
DROP INDEX charge_line_uninvoiced;
CREATE INDEX charge_line_unbilled ON charge_line (partner_id, currency, billing_period, charge_start, charge_id)
    WHERE invoice_id IS NULL;
