ALTER TABLE `enrollment_codes` ADD `wider_role` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Codes are now stored as HMAC-SHA-256 under ENROLLMENT_CODE_KEY instead of a plain SHA-256, so
-- the stored values cannot be converted: every code issued before this migration is dropped (no
-- production data existed yet). `npm start` stores the demo codes again (scripts/seed.ts).
DELETE FROM `enrollment_codes`;
--> statement-breakpoint
DELETE FROM `enrollment_failures`;
