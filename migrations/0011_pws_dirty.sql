CREATE TABLE `pws_dirty` (
	`person_id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
