-- When an offer was withdrawn (OfferWithdrawn revision 2). Offers withdrawn before take it from their stored event.
ALTER TABLE offer_view ADD COLUMN withdrawn_at TIMESTAMPTZ;
UPDATE offer_view v SET withdrawn_at = CAST(e.time_stamp AS TIMESTAMPTZ)
FROM domain_event_entry e
WHERE v.withdrawn AND e.aggregate_identifier = v.offer_id AND e.payload_type LIKE '%.OfferWithdrawn';
