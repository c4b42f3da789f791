-- The publisher's id, for the documents that name it (invoice line items carry publisherId). Offers published before
-- this column existed read null until the catalog re-publishes them.
ALTER TABLE catalog_offer ADD COLUMN publisher_id VARCHAR(100);
