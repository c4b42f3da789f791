-- An invoice no longer writes its lines (closing a month of 1M lines rewrote 1M rows: 26 s, issue 20). Each charge
-- line gets a position in the billing projection's own order (line_seq, from a sequence, in the order the projection
-- recorded the lines); an invoice records the position it was issued at (upto_seq) and its predecessor's period and
-- position (after_period, after_seq; none for a first invoice). The invoice of a partner's line in a currency is the
-- first one of that partner and currency whose period is not before the line's and that was issued after the line was
-- recorded, i.e. an invoice holds the lines
--     billing_period <= its period  AND  line_seq <= upto_seq
--     AND NOT (billing_period <= after_period AND line_seq <= after_seq)
-- exactly what it took before: the lines not on any invoice, of its period or earlier, recorded before it.
-- Its total and line count come from open_charge: the lines on no invoice yet, summed per partner, currency and
-- period as they are recorded (a trigger over each INSERT's new rows); an invoice deletes the rows it takes.

CREATE SEQUENCE charge_line_seq;
ALTER TABLE charge_line ADD COLUMN line_seq BIGINT;
ALTER TABLE invoice ADD COLUMN upto_seq BIGINT;
ALTER TABLE invoice ADD COLUMN after_period VARCHAR(7);
ALTER TABLE invoice ADD COLUMN after_seq BIGINT;

-- Existing lines: numbered invoice by invoice in each partner's invoice order, the lines on no invoice last, so that
-- every invoice holds exactly the lines it held.
UPDATE charge_line c SET line_seq = numbered.n
FROM (SELECT c.charge_id,
             row_number() OVER (ORDER BY i.sequence NULLS LAST, c.recorded_at, c.charge_id) AS n
      FROM charge_line c LEFT JOIN invoice i ON i.invoice_id = c.invoice_id) numbered
WHERE numbered.charge_id = c.charge_id;
SELECT setval('charge_line_seq', COALESCE((SELECT max(line_seq) FROM charge_line), 0) + 1, false);

UPDATE invoice i SET upto_seq = COALESCE((
    SELECT max(c.line_seq) FROM charge_line c JOIN invoice j ON j.invoice_id = c.invoice_id
    WHERE j.partner_id = i.partner_id AND j.currency = i.currency AND j.sequence <= i.sequence), 0);
UPDATE invoice i SET after_period = previous.after_period, after_seq = previous.after_seq
FROM (SELECT invoice_id,
             lag(billing_period) OVER (PARTITION BY partner_id, currency ORDER BY billing_period) AS after_period,
             lag(upto_seq) OVER (PARTITION BY partner_id, currency ORDER BY billing_period) AS after_seq
      FROM invoice) previous
WHERE previous.invoice_id = i.invoice_id;

CREATE TABLE open_charge (
    partner_id     VARCHAR(64)    NOT NULL,
    currency       VARCHAR(3)     NOT NULL,
    billing_period VARCHAR(7)     NOT NULL,
    total          NUMERIC(19, 4) NOT NULL,
    line_count     INTEGER        NOT NULL,
    PRIMARY KEY (partner_id, currency, billing_period)
);
INSERT INTO open_charge (partner_id, currency, billing_period, total, line_count)
SELECT partner_id, currency, billing_period, sum(amount), count(*) FROM charge_line WHERE invoice_id IS NULL
GROUP BY partner_id, currency, billing_period;

-- Only the lines an INSERT really added (ON CONFLICT DO NOTHING leaves a repeated charge out of new_lines).
CREATE FUNCTION charge_lines_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO open_charge (partner_id, currency, billing_period, total, line_count)
    SELECT partner_id, currency, billing_period, sum(amount), count(*) FROM new_lines
    GROUP BY partner_id, currency, billing_period
    ON CONFLICT (partner_id, currency, billing_period) DO UPDATE
        SET total = open_charge.total + excluded.total, line_count = open_charge.line_count + excluded.line_count;
    RETURN NULL;
END $$;
CREATE TRIGGER charge_lines_recorded AFTER INSERT ON charge_line REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION charge_lines_recorded();

DROP INDEX charge_line_uninvoiced;
DROP INDEX charge_line_invoice;
ALTER TABLE charge_line DROP COLUMN invoice_id;
ALTER TABLE charge_line ALTER COLUMN line_seq SET DEFAULT nextval('charge_line_seq');
ALTER TABLE charge_line ALTER COLUMN line_seq SET NOT NULL;
ALTER SEQUENCE charge_line_seq OWNED BY charge_line.line_seq;
ALTER TABLE invoice ALTER COLUMN upto_seq SET NOT NULL;
-- An invoice's lines of its own periods, the unbilled lines of a period onwards, and the late lines (of periods an
-- earlier invoice closed) between two positions, read month by month. One index: a second one on (partner_id,
-- currency, line_seq) for the late lines cost a third of the load rate of bench/billing-close (random keys over 1M
-- lines), and late lines are few.
CREATE INDEX charge_line_by_period ON charge_line (partner_id, currency, billing_period, line_seq);

-- Each line with the invoice it is on (NULL: none yet), by the rule above. What the projection's fingerprint
-- digests (the positions are the projection's own numbering, a replay numbers them anew), and what tests read.
CREATE VIEW charge_line_on_invoice AS
SELECT c.charge_id, c.subscription_id, c.partner_id, c.customer_id, c.order_id, c.offer_id, c.offer_name,
       c.publisher_name, c.sku_id, c.charge_type, c.quantity, c.unit_price, c.amount, c.currency, c.charge_start,
       c.charge_end, c.billing_period, c.source_event_ids, c.recorded_event_id, c.recorded_at, c.reverses_charge_id,
       c.proration_days, c.proration_of_days, c.while_suspended, i.invoice_id
FROM charge_line c
LEFT JOIN LATERAL (SELECT i.invoice_id FROM invoice i
                   WHERE i.partner_id = c.partner_id AND i.currency = c.currency
                     AND i.billing_period >= c.billing_period AND i.upto_seq >= c.line_seq
                   ORDER BY i.billing_period LIMIT 1) i ON true;
CREATE VIEW invoice_as_issued AS
SELECT invoice_id, invoice_number, sequence, partner_id, currency, billing_period, period_start, period_end, issued_at,
       release_at, released_at, total, line_count
FROM invoice;
