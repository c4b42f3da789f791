-- Terms paid month by month (an annual term billed monthly): the first day of the next month to charge, for the
-- cycle scheduler. Projected by billing-projection from PurchaseRecorded and ChargeRecorded; NULL when nothing is due.
CREATE TABLE billing_cycle_due (
    subscription_id  VARCHAR(64) PRIMARY KEY,
    term_months      INTEGER     NOT NULL,
    term_start       DATE,
    months_charged   INTEGER     NOT NULL DEFAULT 0,
    next_month_start DATE
);
CREATE INDEX billing_cycle_due_next ON billing_cycle_due (next_month_start) WHERE next_month_start IS NOT NULL;
