-- invoice_number has been unique twice since V7: the column's UNIQUE constraint (V3, invoice_invoice_number_key) and
-- V7's unique index. Every invoice maintained both; the constraint stays.
DROP INDEX invoice_number_unique;
