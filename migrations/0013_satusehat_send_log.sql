CREATE TABLE `satusehat_send_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kec_code` text NOT NULL,
	`desa_code` text NOT NULL,
	`month` text NOT NULL,
	`status` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`heartbeat_at` integer,
	`error_code` text,
	`error_text` text,
	`last_http_status` integer,
	`total` integer DEFAULT 0 NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`unexported` integer DEFAULT 0 NOT NULL,
	`pages` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `satusehat_send_jobs_desa` ON `satusehat_send_jobs` (`desa_code`,`month`,`requested_at`);--> statement-breakpoint
CREATE TABLE `satusehat_send_log` (
	`kec_code` text NOT NULL,
	`key` text NOT NULL,
	`desa_code` text NOT NULL,
	`entity` text,
	`entity_id` text,
	`resource_type` text NOT NULL,
	`content_hash` text NOT NULL,
	`ok` integer NOT NULL,
	`http_status` integer NOT NULL,
	`server_ref` text,
	`outcome` text,
	`attempts` integer NOT NULL,
	`first_sent_at` integer,
	`sent_at` integer,
	`last_attempt_at` integer NOT NULL,
	`job_id` text NOT NULL,
	PRIMARY KEY(`kec_code`, `key`)
);
--> statement-breakpoint
CREATE INDEX `satusehat_send_log_desa` ON `satusehat_send_log` (`desa_code`,`ok`);