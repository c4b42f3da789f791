ALTER TABLE cart_view ADD COLUMN request_id VARCHAR(100);
