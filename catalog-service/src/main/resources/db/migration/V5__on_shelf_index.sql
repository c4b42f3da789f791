-- Browsing the shelf (not withdrawn, by name) and counting it use this index alone.
CREATE INDEX offer_view_on_shelf_by_name ON offer_view (lower(name), offer_id) WHERE NOT withdrawn;
