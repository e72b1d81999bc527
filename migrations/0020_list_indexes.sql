-- List routes read a page, not the organization: every keyset-paginated list gets an index that
-- matches its ORDER BY (time desc, id desc) in full, under its org (or parent) prefix, so SQLite
-- walks the page straight off the index and stops at `limit + 1` rows. Before this, an index on
-- (org, time) alone sorted each run of equal timestamps in a temporary b-tree (a schedule that
-- stops 300 databases at one instant writes 300 events with one `occurred_at`), and lists with
-- no (org, time) index at all (databases, schedules, policies) read and sorted every row of the
-- organization for each page. test/worker/list-rows-read.test.ts holds the routes to it.
-- Events: the org-wide page and the database / account filters of GET /events. The filters'
-- indexes name the org too, so a filtered page matches two equalities there against one in the
-- org-wide index and SQLite cannot take the org-wide one (which would read the organization's
-- events until a page of that database's turned up); still led by the database / account, as
-- cascades and the savings reads look events up by those.
DROP INDEX `events_org_time_idx`;--> statement-breakpoint
CREATE INDEX `events_org_time_idx` ON `events` (`org_id`,`occurred_at`,`id`);--> statement-breakpoint
DROP INDEX `events_instance_time_idx`;--> statement-breakpoint
CREATE INDEX `events_instance_time_idx` ON `events` (`instance_id`,`org_id`,`occurred_at`,`id`);--> statement-breakpoint
DROP INDEX `events_account_time_idx`;--> statement-breakpoint
CREATE INDEX `events_account_time_idx` ON `events` (`cloud_account_id`,`org_id`,`occurred_at`,`id`);--> statement-breakpoint
-- GET /instances: partial, as the list never shows deleted databases.
CREATE INDEX `instances_org_created_idx` ON `instances` (`org_id`,`created_at`,`id`) WHERE `deleted_at` IS NULL;--> statement-breakpoint
CREATE INDEX `schedules_org_created_idx` ON `schedules` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `policies_org_created_idx` ON `policies` (`org_id`,`created_at`,`id`);--> statement-breakpoint
-- GET /overrides: all of them, and (the default) the active ones, which a long history of used
-- and cancelled overrides would otherwise bury.
DROP INDEX `overrides_org_idx`;--> statement-breakpoint
CREATE INDEX `overrides_org_idx` ON `overrides` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `overrides_org_active_idx` ON `overrides` (`org_id`,`created_at`,`id`) WHERE `cancelled_at` IS NULL AND `consumed_at` IS NULL;--> statement-breakpoint
-- GET /policies/{id}/history: one row per database per evaluated minute, so timestamps tie often.
DROP INDEX `policy_evaluations_policy_idx`;--> statement-breakpoint
CREATE INDEX `policy_evaluations_policy_idx` ON `policy_evaluations` (`org_id`,`policy_id`,`evaluated_at`,`id`);--> statement-breakpoint
DROP INDEX `audit_log_org_time_idx`;--> statement-breakpoint
CREATE INDEX `audit_log_org_time_idx` ON `audit_log` (`org_id`,`created_at`,`id`);--> statement-breakpoint
-- GET /integrations/{id}/deliveries: one integration's log, not the organization's.
CREATE INDEX `deliveries_integration_time_idx` ON `deliveries` (`org_id`,`integration_id`,`created_at`,`id`);
