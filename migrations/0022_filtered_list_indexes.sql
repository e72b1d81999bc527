-- Filtered list pages read a page, not the organization: each filter of a keyset-paginated list gets
-- an index that matches its equality and then the list's ORDER BY (time desc, id desc) in full, so
-- SQLite walks the page straight off the index and stops at `limit + 1` rows. Without them, a filter
-- either walked the organization's list index reading every non-matching row until a page matched
-- (one account's databases, one actor's audit entries, one event type), or read every matching row
-- through an index without the time and sorted them (a state, a target, one database's overrides).
-- test/worker/filtered-list-rows-read.test.ts holds the routes to it.
-- GET /instances?cloudAccountId= | state= | region= (partial, as the list never shows deleted
-- databases; the state index keeps its name and its prefix, which the state counts use).
CREATE INDEX `instances_org_account_created_idx` ON `instances` (`org_id`,`cloud_account_id`,`created_at`,`id`) WHERE `deleted_at` IS NULL;--> statement-breakpoint
DROP INDEX `instances_org_state_idx`;--> statement-breakpoint
CREATE INDEX `instances_org_state_idx` ON `instances` (`org_id`,`state`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `instances_org_region_created_idx` ON `instances` (`org_id`,`region`,`created_at`,`id`) WHERE `deleted_at` IS NULL;--> statement-breakpoint
-- GET /overrides?instanceId= (all of them, and the active ones, the default: one database's
-- used and cancelled overrides are few beside the organization's); led by the database like the
-- events' database index.
CREATE INDEX `overrides_instance_created_idx` ON `overrides` (`instance_id`,`org_id`,`created_at`,`id`);--> statement-breakpoint
-- GET /audit-log?actorId= | action= (exact) | targetType=&targetId=.
CREATE INDEX `audit_log_org_actor_idx` ON `audit_log` (`org_id`,`actor_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_org_action_idx` ON `audit_log` (`org_id`,`action`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `audit_log_org_target_idx`;--> statement-breakpoint
CREATE INDEX `audit_log_org_target_idx` ON `audit_log` (`org_id`,`target_type`,`target_id`,`created_at`,`id`);--> statement-breakpoint
-- GET /events?type= (exact).
CREATE INDEX `events_org_type_time_idx` ON `events` (`org_id`,`type`,`occurred_at`,`id`);
