-- Retention (issue 14): when each organization's daily pruning run is due (epoch ms; 0 = at once),
-- read by the cron tick by index (worker/retention/prune.ts, periods in worker/domain/retention.ts).
ALTER TABLE `organizations` ADD `retention_due_at` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE INDEX `organizations_retention_due_idx` ON `organizations` (`retention_due_at`);
