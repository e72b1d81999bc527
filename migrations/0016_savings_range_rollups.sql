-- Range-friendly savings rollups (issue 8's performance target): a sum over any range of days is
-- two lookups per database and cause instead of one row per database and day.
-- savings_running: per database and cause, the running totals of its savings_daily rows through
-- `day` (a row on each day it has a daily row); savings_causes: the (database, cause) pairs that
-- have daily rows, the driver of range sums; savings_fleet_rate: the organization's 24/7 running
-- price as breakpoints (the projected cost), from its databases' price history.
-- savings_running is WITHOUT ROWID: a range sum looks rows up by primary key, and the row then
-- sits in the key's own B-tree (one seek instead of index + table).
-- All three are kept by the events consumer with savings_daily and rebuilt by the recompute;
-- filled here from the existing rows.
CREATE TABLE `savings_running` (
	`org_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`cause_kind` text NOT NULL,
	`cause_id` text DEFAULT '' NOT NULL,
	`day` text NOT NULL,
	`asleep_seconds` integer NOT NULL,
	`saved_micros` integer NOT NULL,
	PRIMARY KEY(`instance_id`, `cause_kind`, `cause_id`, `day`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `savings_causes` (
	`org_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`cause_kind` text NOT NULL,
	`cause_id` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`instance_id`, `cause_kind`, `cause_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `savings_causes_org_idx` ON `savings_causes` (`org_id`,`instance_id`,`cause_kind`,`cause_id`);
--> statement-breakpoint
CREATE TABLE `savings_fleet_rate` (
	`org_id` text NOT NULL,
	`at` integer NOT NULL,
	`rate_micros` integer NOT NULL,
	PRIMARY KEY(`org_id`, `at`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- "Unpriced databases" counts from the index instead of reading the whole fleet.
CREATE INDEX `instances_org_price_source_idx` ON `instances` (`org_id`,`price_source`,`deleted_at`);
--> statement-breakpoint
INSERT INTO `savings_running` (`org_id`, `instance_id`, `cause_kind`, `cause_id`, `day`, `asleep_seconds`, `saved_micros`)
	SELECT `org_id`, `instance_id`, `cause_kind`, `cause_id`, `day`,
		sum(`asleep_seconds`) OVER w, sum(`saved_micros`) OVER w
	FROM `savings_daily`
	WINDOW w AS (PARTITION BY `instance_id`, `cause_kind`, `cause_id` ORDER BY `day` ROWS UNBOUNDED PRECEDING);
--> statement-breakpoint
INSERT INTO `savings_causes` (`org_id`, `instance_id`, `cause_kind`, `cause_id`)
	SELECT DISTINCT `org_id`, `instance_id`, `cause_kind`, `cause_id` FROM `savings_daily`;
--> statement-breakpoint
-- The same computation as fleetRateStatements() in worker/savings/fleet-rate.ts, for every organization.
INSERT INTO `savings_fleet_rate` (`org_id`, `at`, `rate_micros`)
	WITH `periods` AS (
		SELECT p.`org_id`, CASE WHEN row_number() OVER w = 1 THEN -8640000000000000 ELSE p.`effective_from` END AS `start`,
			min(coalesce(lead(p.`effective_from`) OVER w, 9000000000000000), coalesce(i.`deleted_at`, 9000000000000000)) AS `end`,
			p.`hourly_micros` AS `rate`
		FROM `instance_prices` p JOIN `instances` i ON i.`id` = p.`instance_id`
		WINDOW w AS (PARTITION BY p.`instance_id` ORDER BY p.`effective_from`)
		UNION ALL
		SELECT i.`org_id`, -8640000000000000, coalesce(i.`deleted_at`, 9000000000000000), i.`hourly_price_micros`
		FROM `instances` i
		WHERE i.`price_source` IS NOT NULL AND i.`price_source` <> 'unknown' AND NOT EXISTS (SELECT 1 FROM `instance_prices` p WHERE p.`instance_id` = i.`id`)
	),
	`deltas` AS (
		SELECT `org_id`, `start` AS `at`, `rate` AS `delta` FROM `periods` WHERE `rate` IS NOT NULL AND `rate` <> 0 AND `end` > `start`
		UNION ALL
		SELECT `org_id`, `end`, -`rate` FROM `periods` WHERE `rate` IS NOT NULL AND `rate` <> 0 AND `end` > `start` AND `end` < 9000000000000000
	)
	SELECT `org_id`, `at`, sum(sum(`delta`)) OVER (PARTITION BY `org_id` ORDER BY `at` ROWS UNBOUNDED PRECEDING) FROM `deltas` GROUP BY `org_id`, `at`;
