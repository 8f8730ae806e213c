ALTER TABLE `conflicts` ADD `server_by` text;--> statement-breakpoint
ALTER TABLE `conflicts` ADD `server_at` integer;