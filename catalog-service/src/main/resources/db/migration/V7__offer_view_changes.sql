-- What each instance's in-memory search index (OfferIndex) reads to follow offer_view: per offer, the transaction
-- that last wrote its row (kept beside offer_view, so a rebuilt projection has the same fingerprint), and a
-- generation that moves when rows are deleted (a projection reset), which means "read it all again".
CREATE TABLE offer_view_change (
    offer_id    VARCHAR(64) PRIMARY KEY,
    changed_xid xid8        NOT NULL
);
CREATE INDEX offer_view_change_xid ON offer_view_change (changed_xid);
INSERT INTO offer_view_change SELECT offer_id, pg_current_xact_id() FROM offer_view;

CREATE FUNCTION offer_view_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO offer_view_change (offer_id, changed_xid) VALUES (NEW.offer_id, pg_current_xact_id())
    ON CONFLICT (offer_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;
    RETURN NULL;
END $$;
CREATE TRIGGER offer_view_changed AFTER INSERT OR UPDATE ON offer_view FOR EACH ROW EXECUTE FUNCTION offer_view_changed();

CREATE TABLE offer_view_generation (
    only_row   BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    generation BIGINT  NOT NULL
);
INSERT INTO offer_view_generation VALUES (true, 0);

CREATE FUNCTION offer_view_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM offer_view_change c WHERE NOT EXISTS (SELECT 1 FROM offer_view o WHERE o.offer_id = c.offer_id);
    UPDATE offer_view_generation SET generation = generation + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER offer_view_deleted AFTER DELETE ON offer_view FOR EACH STATEMENT EXECUTE FUNCTION offer_view_emptied();
CREATE TRIGGER offer_view_truncated AFTER TRUNCATE ON offer_view FOR EACH STATEMENT EXECUTE FUNCTION offer_view_emptied();
