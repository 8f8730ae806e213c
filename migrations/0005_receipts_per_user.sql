PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_receipts` (
	`user_id` text NOT NULL,
	`mutation_id` text NOT NULL,
	`device_id` text,
	`result` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `mutation_id`)
);
--> statement-breakpoint
INSERT INTO `__new_receipts`("user_id", "mutation_id", "device_id", "result", "at") SELECT "user_id", "mutation_id", "device_id", "result", "at" FROM `receipts`;--> statement-breakpoint
DROP TABLE `receipts`;--> statement-breakpoint
ALTER TABLE `__new_receipts` RENAME TO `receipts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;