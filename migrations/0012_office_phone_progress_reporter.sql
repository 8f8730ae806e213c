ALTER TABLE `offices` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `progress` ADD `reported_at` text;--> statement-breakpoint
ALTER TABLE `progress` ADD `reporter_role` text;--> statement-breakpoint
ALTER TABLE `progress` ADD `reporter_office_id` text;