-- "Override expiring soon": the cron tick reads the overrides ending within the next 30 minutes
-- across all organizations (worker/overrides/expiring.ts), a range on this index.
CREATE INDEX `overrides_until_idx` ON `overrides` (`until`);
