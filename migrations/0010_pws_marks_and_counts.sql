CREATE TABLE `pws_counts` (
	`yr` integer NOT NULL,
	`desa` text NOT NULL,
	`dusun` text NOT NULL,
	`code` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`yr`, `desa`, `dusun`, `code`, `month`)
);
--> statement-breakpoint
CREATE INDEX `pws_counts_read` ON `pws_counts` (`yr`,`desa`,`dusun`,`code`,`month`,`n`);--> statement-breakpoint
CREATE TABLE `pws_marks` (
	`person_id` text NOT NULL,
	`code` text NOT NULL,
	`month` text NOT NULL,
	`desa` text NOT NULL,
	`dusun` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`person_id`, `code`, `month`)
);
--> statement-breakpoint
CREATE INDEX `pws_marks_area` ON `pws_marks` (`code`,`desa`,`month`);--> statement-breakpoint
CREATE TABLE `pws_targets` (
	`kec_code` text NOT NULL,
	`year` integer NOT NULL,
	`indicator` text NOT NULL,
	`target` real NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`kec_code`, `year`, `indicator`)
);
--> statement-breakpoint
CREATE INDEX `households_pws` ON `households` (`scope_area`,`scope_dusun`,`deleted`);--> statement-breakpoint
CREATE INDEX `persons_pws` ON `persons` (`scope_area`,`scope_dusun`,`birth_date`,`deleted`);--> statement-breakpoint
-- pws_counts is the sum of pws_marks per year, desa, dusun, code and month, kept by these triggers
-- (written by hand: drizzle-kit does not model triggers). A row whose count falls to 0 is removed.
CREATE TRIGGER `pws_marks_insert` AFTER INSERT ON `pws_marks` BEGIN
	INSERT INTO `pws_counts` (`yr`, `desa`, `dusun`, `code`, `month`, `n`)
		VALUES (CAST(substr(NEW.`month`, 1, 4) AS INTEGER), NEW.`desa`, NEW.`dusun`, NEW.`code`, NEW.`month`, 1)
		ON CONFLICT (`yr`, `desa`, `dusun`, `code`, `month`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `pws_marks_delete` AFTER DELETE ON `pws_marks` BEGIN
	UPDATE `pws_counts` SET `n` = `n` - 1
		WHERE `yr` = CAST(substr(OLD.`month`, 1, 4) AS INTEGER) AND `desa` = OLD.`desa` AND `dusun` = OLD.`dusun` AND `code` = OLD.`code` AND `month` = OLD.`month`;
	DELETE FROM `pws_counts`
		WHERE `yr` = CAST(substr(OLD.`month`, 1, 4) AS INTEGER) AND `desa` = OLD.`desa` AND `dusun` = OLD.`dusun` AND `code` = OLD.`code` AND `month` = OLD.`month` AND `n` <= 0;
END;--> statement-breakpoint
CREATE TRIGGER `pws_marks_move` AFTER UPDATE OF `desa`, `dusun` ON `pws_marks` BEGIN
	UPDATE `pws_counts` SET `n` = `n` - 1
		WHERE `yr` = CAST(substr(OLD.`month`, 1, 4) AS INTEGER) AND `desa` = OLD.`desa` AND `dusun` = OLD.`dusun` AND `code` = OLD.`code` AND `month` = OLD.`month`;
	DELETE FROM `pws_counts`
		WHERE `yr` = CAST(substr(OLD.`month`, 1, 4) AS INTEGER) AND `desa` = OLD.`desa` AND `dusun` = OLD.`dusun` AND `code` = OLD.`code` AND `month` = OLD.`month` AND `n` <= 0;
	INSERT INTO `pws_counts` (`yr`, `desa`, `dusun`, `code`, `month`, `n`)
		VALUES (CAST(substr(NEW.`month`, 1, 4) AS INTEGER), NEW.`desa`, NEW.`dusun`, NEW.`code`, NEW.`month`, 1)
		ON CONFLICT (`yr`, `desa`, `dusun`, `code`, `month`) DO UPDATE SET `n` = `n` + 1;
END;
