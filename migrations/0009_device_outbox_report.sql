ALTER TABLE `devices` ADD `last_sync_at` integer;--> statement-breakpoint
ALTER TABLE `devices` ADD `outbox_pending` integer;--> statement-breakpoint
ALTER TABLE `devices` ADD `outbox_rejected` integer;