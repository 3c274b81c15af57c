DROP TABLE "web"."posts" CASCADE;--> statement-breakpoint
DROP SCHEMA "web";
