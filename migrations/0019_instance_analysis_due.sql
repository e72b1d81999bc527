-- Recommendation analysis off the cron tick's critical path: each database's next analysis time,
-- so the every-fifth-minute selection (worker/ticks/analysis-tick.ts) is a range on an index that
-- reads the due databases and nothing else, instead of an anti-join over every database.
ALTER TABLE `instances` ADD `analysis_due_at` integer DEFAULT 0 NOT NULL;
-- Existing databases keep their cadence: due a day after their newest outcome (an hour for a
-- "waiting" one), as the anti-join computed it; never analysed: due now (0).
UPDATE `instances` SET `analysis_due_at` = coalesce((
  SELECT max(r.`updated_at` + CASE WHEN r.`kind` = 'waiting' THEN 3600000 ELSE 86400000 END)
  FROM `recommendations` r WHERE r.`instance_id` = `instances`.`id` AND r.`org_id` = `instances`.`org_id`
), 0);
-- Partial: deleted databases never enter the range.
CREATE INDEX `instances_analysis_due_idx` ON `instances` (`analysis_due_at`) WHERE `deleted_at` IS NULL;
