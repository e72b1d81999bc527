-- Maintenance windows: each database's window and pending maintenance as discovery last read them
-- (JSON, worker/domain/maintenance.ts MaintenanceFacts; null until discovered), and the schedule
-- option "wake for the database's maintenance window" (worker/reconcile/maintenance.ts).
ALTER TABLE `instances` ADD `maintenance` text;
--> statement-breakpoint
ALTER TABLE `schedules` ADD `maintenance_wake` integer DEFAULT false NOT NULL;
