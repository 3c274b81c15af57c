ALTER TABLE "gone" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "gone" CASCADE;--> statement-breakpoint
ALTER TABLE "apple" ALTER COLUMN "label" SET DATA TYPE varchar(16);