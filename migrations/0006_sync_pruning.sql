CREATE TABLE `sync_pruned` (
	`job` text PRIMARY KEY NOT NULL,
	`through_seq` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_log_at` ON `change_log` (`at`);--> statement-breakpoint
CREATE INDEX `receipts_at` ON `receipts` (`at`);