-- Policies: the whole validated definition beside the mirrored columns, and the evaluation
-- history (worker/db/schema.ts policyEvaluations). Written by hand (drizzle-kit is not run here).
ALTER TABLE `policies` ADD `definition` text;--> statement-breakpoint
CREATE TABLE `policy_evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`policy_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`evaluated_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`dry_run` integer NOT NULL,
	`actions` text NOT NULL,
	`reason` text NOT NULL,
	`evidence` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`policy_id`) REFERENCES `policies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`instance_id`) REFERENCES `instances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `policy_evaluations_policy_idx` ON `policy_evaluations` (`org_id`,`policy_id`,`evaluated_at`);--> statement-breakpoint
CREATE INDEX `policy_evaluations_instance_idx` ON `policy_evaluations` (`policy_id`,`instance_id`,`evaluated_at`);
