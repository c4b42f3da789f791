-- How many events of the subscription wait in subscription_event_parked, kept on its cursor row by the transactions
-- that park and apply them (which hold that row's lock): the next event in order, with nothing parked, is applied by
-- one UPDATE of the cursor, which sees the count of the row version it locks (a count read from the parked table would
-- come from the statement's snapshot and could miss an event parked by the transaction it waited for).
ALTER TABLE subscription_event_cursor ADD COLUMN parked INTEGER NOT NULL DEFAULT 0;
UPDATE subscription_event_cursor c SET parked = p.n
FROM (SELECT subscription_id, count(*) AS n FROM subscription_event_parked GROUP BY subscription_id) p
WHERE p.subscription_id = c.subscription_id;
