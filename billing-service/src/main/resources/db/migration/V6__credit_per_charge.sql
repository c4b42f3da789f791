-- A credit line names the charge it reverses; a prorated line carries its parts (days of days); a monthly cycle
-- charged while the subscription was suspended says so.
ALTER TABLE charge_line ADD COLUMN reverses_charge_id VARCHAR(100);
ALTER TABLE charge_line ADD COLUMN proration_days INTEGER;
ALTER TABLE charge_line ADD COLUMN proration_of_days INTEGER;
ALTER TABLE charge_line ADD COLUMN while_suspended BOOLEAN NOT NULL DEFAULT false;
