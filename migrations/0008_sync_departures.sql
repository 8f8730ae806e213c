CREATE TABLE `sync_departures` (
	`seq` integer NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`domain` text NOT NULL,
	`kab` text,
	`kec` text,
	`desa` text,
	`dusun` text,
	`grp` text,
	PRIMARY KEY(`entity`, `entity_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `departures_seq` ON `sync_departures` (`seq`);--> statement-breakpoint
CREATE INDEX `departures_kab` ON `sync_departures` (`domain`,`kab`,`seq`);--> statement-breakpoint
CREATE INDEX `departures_kec` ON `sync_departures` (`domain`,`kec`,`seq`);--> statement-breakpoint
CREATE INDEX `departures_desa` ON `sync_departures` (`domain`,`desa`,`seq`);--> statement-breakpoint
CREATE INDEX `departures_dusun` ON `sync_departures` (`domain`,`dusun`,`seq`);--> statement-breakpoint
CREATE INDEX `departures_grp` ON `sync_departures` (`grp`,`seq`);