-- Notifications (issue 12), written by hand: integrations gain a display target, the Slack team
-- they belong to and failure tracking; deliveries gain the delivery log's fields and a lease;
-- Slack users are linked to members.
ALTER TABLE `integrations` ADD `channels` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `integrations` ADD `target` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `integrations` ADD `slack_team_id` text;--> statement-breakpoint
ALTER TABLE `integrations` ADD `consecutive_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `integrations` ADD `disabled_reason` text;--> statement-breakpoint
ALTER TABLE `integrations` ADD `disabled_at` integer;--> statement-breakpoint
CREATE INDEX `integrations_slack_team_idx` ON `integrations` (`slack_team_id`);--> statement-breakpoint
ALTER TABLE `deliveries` ADD `event_type` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `latency_ms` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `response_snippet` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `last_attempt_at` integer;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `lease_until` integer;--> statement-breakpoint
CREATE TABLE `slack_user_links` (
	`org_id` text NOT NULL,
	`team_id` text NOT NULL,
	`slack_user_id` text NOT NULL,
	`user_id` text NOT NULL,
	`via` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`team_id`, `slack_user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `slack_user_links_org_idx` ON `slack_user_links` (`org_id`);
