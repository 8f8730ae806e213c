CREATE TABLE `aggregate_areas` (
	`code` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`parent_code` text,
	`name` text NOT NULL,
	`shard` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `aggregate_areas_parent` ON `aggregate_areas` (`parent_code`);--> statement-breakpoint
CREATE TABLE `aggregate_runs` (
	`shard` text NOT NULL,
	`month` text NOT NULL,
	`computed_at` integer NOT NULL,
	`rows` integer NOT NULL,
	`desa` integer NOT NULL,
	PRIMARY KEY(`shard`, `month`)
);
--> statement-breakpoint
CREATE TABLE `enrollment_directory` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`shard` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `enrollment_directory_expiry` ON `enrollment_directory` (`expires_at`);--> statement-breakpoint
CREATE TABLE `pws_aggregates` (
	`month` text NOT NULL,
	`desa` text NOT NULL,
	`indicator` text NOT NULL,
	`num_month` integer NOT NULL,
	`den_month` integer NOT NULL,
	`num_ytd` integer NOT NULL,
	`den_ytd` integer NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`month`, `desa`, `indicator`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `transfer_steps` (
	`transfer_id` text NOT NULL,
	`step` text NOT NULL,
	`at` integer NOT NULL,
	`rows` integer NOT NULL,
	`ids` text,
	PRIMARY KEY(`transfer_id`, `step`)
);
--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` text PRIMARY KEY NOT NULL,
	`household_id` text NOT NULL,
	`from_shard` text NOT NULL,
	`to_shard` text NOT NULL,
	`from_desa` text NOT NULL,
	`to_desa` text NOT NULL,
	`to_dusun_id` text,
	`state` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`rows` integer
);
--> statement-breakpoint
CREATE INDEX `transfers_state` ON `transfers` (`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `transfers_household` ON `transfers` (`household_id`,`requested_at`);--> statement-breakpoint
CREATE INDEX `transfers_from` ON `transfers` (`from_shard`,`requested_at`);--> statement-breakpoint
CREATE INDEX `transfers_to` ON `transfers` (`to_shard`,`requested_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_active` ON `transfers` (`household_id`) WHERE "transfers"."state" IN ('requested', 'copied', 'released');