-- The subscription's document is written whole and read whole, never searched inside: kept as text, PostgreSQL no
-- longer parses it into jsonb on every write (a rebuild writes a row per subscription and batch) nor prints it back
-- as text on every read. A later migration that needs a field of it casts: CAST(document AS jsonb) ->> 'field'.
ALTER TABLE subscription_view ALTER COLUMN document TYPE TEXT;
-- No query finds subscriptions by their order (a redelivered order line finds its subscription by the id derived
-- from it); the index only cost every write.
DROP INDEX subscription_view_order;
