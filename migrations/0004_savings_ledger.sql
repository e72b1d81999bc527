CREATE TABLE `instance_prices` (
	`org_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`effective_from` integer NOT NULL,
	`hourly_micros` integer,
	`source` text NOT NULL,
	PRIMARY KEY(`instance_id`, `effective_from`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `savings_daily` (
	`org_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`day` text NOT NULL,
	`cause_kind` text NOT NULL,
	`cause_id` text DEFAULT '' NOT NULL,
	`asleep_seconds` integer NOT NULL,
	`saved_micros` integer NOT NULL,
	`unpriced_seconds` integer NOT NULL,
	PRIMARY KEY(`instance_id`, `day`, `cause_kind`, `cause_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `savings_daily_org_day_idx` ON `savings_daily` (`org_id`,`day`,`instance_id`,`cause_kind`,`cause_id`,`saved_micros`,`asleep_seconds`,`unpriced_seconds`);--> statement-breakpoint
CREATE TABLE `savings_totals` (
	`instance_id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`asleep_seconds` integer NOT NULL,
	`saved_micros` integer NOT NULL,
	`unpriced_seconds` integer NOT NULL,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `savings_totals_org_idx` ON `savings_totals` (`org_id`,`instance_id`,`saved_micros`,`asleep_seconds`);--> statement-breakpoint
-- The old `savings` table never had a writer: it is replaced, not migrated.
DROP TABLE `savings`;--> statement-breakpoint
CREATE TABLE `savings` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`cause_kind` text NOT NULL,
	`cause_id` text,
	`from` integer NOT NULL,
	`until` integer,
	`sleep_from` integer NOT NULL,
	`hourly_micros` integer,
	`price_source` text NOT NULL,
	`penalty_micros` integer DEFAULT 0 NOT NULL,
	`ended_by` text NOT NULL,
	`saved_micros` integer,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `savings_instance_from_idx` ON `savings` (`instance_id`,`from`);--> statement-breakpoint
CREATE INDEX `savings_org_open_idx` ON `savings` (`org_id`,`until`);--> statement-breakpoint
ALTER TABLE `cloud_accounts` ADD `discount_bps` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `instances` ADD `price_source` text;--> statement-breakpoint
ALTER TABLE `instances` ADD `price_basis` text;--> statement-breakpoint
ALTER TABLE `instances` ADD `price_override_micros` integer;