-- The savings digest: when each organization's next daily/weekly digest is due (epoch ms, 08:00 in
-- its time zone; 0 = not planned yet, the next cron tick plans it), read by the cron tick by index.
ALTER TABLE `organizations` ADD `digest_due_at` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE INDEX `organizations_digest_due_idx` ON `organizations` (`digest_due_at`);
