-- Issue 13 review (docs/INTEROP.md, "Sending to SATUSEHAT"): the send log keeps a keyed hash of each
-- resource's ifNoneExist (a Patient is never PUT: domain/satusehat/plan.ts) and whether the server
-- refused the resource itself (held back while unchanged), and at most one job per desa-month is
-- queued or running (a double tap records one job).
ALTER TABLE `satusehat_send_log` ADD `match_hash` text;--> statement-breakpoint
ALTER TABLE `satusehat_send_log` ADD `refused` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Before 0014 a stale running job could be followed by a second active one: all but the latest
-- active job of a desa-month are closed as failed (unavailable) so that the unique index can hold.
UPDATE `satusehat_send_jobs` SET `status` = 'failed', `error_code` = 'unavailable', `finished_at` = coalesce(`heartbeat_at`, `requested_at`)
WHERE `status` IN ('queued', 'running') AND EXISTS (
	SELECT 1 FROM `satusehat_send_jobs` AS k
	WHERE k.`desa_code` = `satusehat_send_jobs`.`desa_code` AND k.`month` = `satusehat_send_jobs`.`month` AND k.`status` IN ('queued', 'running')
		AND (k.`requested_at` > `satusehat_send_jobs`.`requested_at` OR (k.`requested_at` = `satusehat_send_jobs`.`requested_at` AND k.`id` > `satusehat_send_jobs`.`id`))
);--> statement-breakpoint
CREATE UNIQUE INDEX `satusehat_send_jobs_active` ON `satusehat_send_jobs` (`desa_code`,`month`) WHERE "satusehat_send_jobs"."status" IN ('queued', 'running');