-- The organization's savings per local day (sum of its databases' savings_daily rows), kept by the
-- events consumer with them; filled here from the existing per-database rows.
CREATE TABLE `savings_org_daily` (
	`org_id` text NOT NULL,
	`day` text NOT NULL,
	`asleep_seconds` integer NOT NULL,
	`saved_micros` integer NOT NULL,
	`unpriced_seconds` integer NOT NULL,
	PRIMARY KEY(`org_id`, `day`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `savings_org_daily` (`org_id`, `day`, `asleep_seconds`, `saved_micros`, `unpriced_seconds`)
	SELECT `org_id`, `day`, sum(`asleep_seconds`), sum(`saved_micros`), sum(`unpriced_seconds`) FROM `savings_daily` GROUP BY `org_id`, `day`;
