CREATE TABLE `commitment_versions` (
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
	`commitment_id` text NOT NULL,
	`doc_version` integer NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `commitment_versions_commitment` ON `commitment_versions` (`commitment_id`);--> statement-breakpoint
CREATE TABLE `photo_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`item_id` text NOT NULL,
	`user_id` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`completed_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `photo_uploads_key_unique` ON `photo_uploads` (`key`);