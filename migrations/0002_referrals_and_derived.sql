CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`needs_review` integer DEFAULT false NOT NULL,
	`scope_area` text NOT NULL,
	`scope_dusun` text,
	`scope_grp` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	`person_id` text NOT NULL,
	`record_id` text,
	`reason` text NOT NULL,
	`reason_text` text,
	`destination` text NOT NULL,
	`referred_at` text NOT NULL,
	`outcome` text,
	`outcome_note` text,
	`outcome_at` text
);
--> statement-breakpoint
CREATE INDEX `referrals_person` ON `referrals` (`person_id`);--> statement-breakpoint
CREATE INDEX `referrals_area_open` ON `referrals` (`scope_area`,`outcome_at`);--> statement-breakpoint
ALTER TABLE `records` ADD `derived` text;