CREATE TABLE `areas` (
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
	`parent_code` text,
	`level` text NOT NULL,
	`name` text NOT NULL,
	`desa_term` text DEFAULT 'desa' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `areas_parent` ON `areas` (`parent_code`);--> statement-breakpoint
CREATE TABLE `attendances` (
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
	`meeting_id` text NOT NULL,
	`name` text NOT NULL,
	`office_id` text,
	`position` text NOT NULL,
	`signature` text
);
--> statement-breakpoint
CREATE INDEX `attendances_meeting` ON `attendances` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` text,
	`device_id` text,
	`action` text NOT NULL,
	`entity` text,
	`entity_id` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `change_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`version` integer NOT NULL,
	`fields` text NOT NULL,
	`mutation_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_log_entity` ON `change_log` (`entity`,`entity_id`,`version`);--> statement-breakpoint
CREATE TABLE `commitment_items` (
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
	`number` integer NOT NULL,
	`office_id` text NOT NULL,
	`action` text NOT NULL,
	`indicator` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_value` real,
	`target_unit` text,
	`desa_codes` text,
	`due_date` text NOT NULL,
	`status` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `commitment_items_commitment` ON `commitment_items` (`commitment_id`);--> statement-breakpoint
CREATE TABLE `commitment_parties` (
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
	`office_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `commitment_parties_office` ON `commitment_parties` (`office_id`);--> statement-breakpoint
CREATE INDEX `commitment_parties_commitment` ON `commitment_parties` (`commitment_id`);--> statement-breakpoint
CREATE TABLE `commitments` (
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
	`kec_code` text NOT NULL,
	`meeting_id` text,
	`title` text NOT NULL,
	`period` text NOT NULL,
	`doc_version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`server_value` text,
	`client_value` text,
	`mutation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text
);
--> statement-breakpoint
CREATE INDEX `conflicts_entity` ON `conflicts` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`name` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_tokenHash_unique` ON `devices` (`token_hash`);--> statement-breakpoint
CREATE INDEX `devices_user` ON `devices` (`user_id`);--> statement-breakpoint
CREATE TABLE `dusun` (
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
	`desa_code` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dusun_desa` ON `dusun` (`desa_code`);--> statement-breakpoint
CREATE TABLE `enrollment_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text
);
--> statement-breakpoint
CREATE INDEX `enrollment_codes_user` ON `enrollment_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `enrollment_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`client` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `enrollment_failures_code` ON `enrollment_failures` (`code_hash`,`at`);--> statement-breakpoint
CREATE INDEX `enrollment_failures_client` ON `enrollment_failures` (`client`,`at`);--> statement-breakpoint
CREATE TABLE `facilities` (
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
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`area_code` text NOT NULL,
	`dusun_id` text
);
--> statement-breakpoint
CREATE TABLE `forms` (
	`form_id` text NOT NULL,
	`form_version` integer NOT NULL,
	`cluster` text NOT NULL,
	`title` text NOT NULL,
	`definition` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`form_id`, `form_version`)
);
--> statement-breakpoint
CREATE TABLE `households` (
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
	`desa_code` text NOT NULL,
	`dusun_id` text,
	`rt` text,
	`address` text,
	`no_kk` text,
	`pis_pk` text
);
--> statement-breakpoint
CREATE TABLE `meetings` (
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
	`kec_code` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`place` text NOT NULL,
	`chair` text NOT NULL,
	`agenda` text,
	`minutes` text
);
--> statement-breakpoint
CREATE TABLE `offices` (
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
	`kec_code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`desa_code` text
);
--> statement-breakpoint
CREATE TABLE `persons` (
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
	`household_id` text NOT NULL,
	`name` text NOT NULL,
	`sex` text NOT NULL,
	`birth_date` text NOT NULL,
	`birth_date_precision` text NOT NULL,
	`nik` text,
	`relation` text,
	`phone` text,
	`jkn` text,
	`pregnant` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `persons_household` ON `persons` (`household_id`);--> statement-breakpoint
CREATE INDEX `persons_area` ON `persons` (`scope_area`);--> statement-breakpoint
CREATE TABLE `progress` (
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
	`item_id` text NOT NULL,
	`note` text,
	`value` real,
	`status` text,
	`photo_keys` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `progress_item` ON `progress` (`item_id`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`mutation_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`device_id` text,
	`result` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `records` (
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
	`form_id` text NOT NULL,
	`form_version` integer NOT NULL,
	`visit_date` text NOT NULL,
	`facility_id` text,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `records_person` ON `records` (`person_id`,`visit_date`);--> statement-breakpoint
CREATE INDEX `records_area_form` ON `records` (`scope_area`,`form_id`,`visit_date`);--> statement-breakpoint
CREATE TABLE `signatures` (
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
	`content_hash` text NOT NULL,
	`office_id` text NOT NULL,
	`name` text NOT NULL,
	`position` text NOT NULL,
	`strokes` text NOT NULL,
	`signed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `signatures_commitment` ON `signatures` (`commitment_id`);--> statement-breakpoint
CREATE TABLE `sync_guard` (
	`ok` integer NOT NULL,
	CONSTRAINT "sync_guard_ok" CHECK("sync_guard"."ok" = 1)
);
--> statement-breakpoint
CREATE TABLE `sync_index` (
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`domain` text NOT NULL,
	`kab` text,
	`kec` text,
	`desa` text,
	`dusun` text,
	`grp` text,
	PRIMARY KEY(`entity`, `entity_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_index_seq_unique` ON `sync_index` (`seq`);--> statement-breakpoint
CREATE INDEX `sync_kab` ON `sync_index` (`domain`,`kab`,`seq`);--> statement-breakpoint
CREATE INDEX `sync_kec` ON `sync_index` (`domain`,`kec`,`seq`);--> statement-breakpoint
CREATE INDEX `sync_desa` ON `sync_index` (`domain`,`desa`,`seq`);--> statement-breakpoint
CREATE INDEX `sync_dusun` ON `sync_index` (`domain`,`dusun`,`seq`);--> statement-breakpoint
CREATE INDEX `sync_grp` ON `sync_index` (`grp`,`seq`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`area_code` text NOT NULL,
	`dusun_id` text,
	`office_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text
);
--> statement-breakpoint
CREATE INDEX `users_area` ON `users` (`area_code`);