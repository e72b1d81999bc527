-- The last filtered list pages that walked the organization read a page: each gets an index that
-- matches its equality and then the list's ORDER BY (time desc, id desc), as in
-- migrations/0022_filtered_list_indexes.sql. test/worker/filtered-list-rows-read.test.ts holds the
-- routes to it.
-- GET /events?type=<prefix>. and /audit-log?action=<prefix>. matched with LIKE, which no index
-- serves in time order: a rare family walked the organization's time index. A prefix ending in '.'
-- fixes the family (the value up to its first '.'), so the list seeks the family by equality, in
-- time order, and keeps its LIKE as the exact match (exactOrPrefix, worker/api/pagination.ts). The family is a
-- virtual generated column (computed on read and into the index, never written), lower-cased as
-- LIKE folds ASCII case.
ALTER TABLE `events` ADD `type_family` text GENERATED ALWAYS AS (lower(substr("type", 1, instr("type", '.')))) VIRTUAL;--> statement-breakpoint
CREATE INDEX `events_org_type_family_time_idx` ON `events` (`org_id`,`type_family`,`occurred_at`,`id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `action_family` text GENERATED ALWAYS AS (lower(substr("action", 1, instr("action", '.')))) VIRTUAL;--> statement-breakpoint
CREATE INDEX `audit_log_org_action_family_idx` ON `audit_log` (`org_id`,`action_family`,`created_at`,`id`);--> statement-breakpoint
-- GET /events?cause= (a cause with no events walked all of them).
CREATE INDEX `events_org_cause_time_idx` ON `events` (`org_id`,`cause_kind`,`occurred_at`,`id`);--> statement-breakpoint
-- GET /audit-log?targetType= without targetId (the target index has the id before the time).
CREATE INDEX `audit_log_org_target_type_idx` ON `audit_log` (`org_id`,`target_type`,`created_at`,`id`);--> statement-breakpoint
-- GET /instances?provider= (partial, as the list never shows deleted databases).
CREATE INDEX `instances_org_provider_created_idx` ON `instances` (`org_id`,`provider`,`created_at`,`id`) WHERE `deleted_at` IS NULL;
