CREATE SCHEMA "inv";
--> statement-breakpoint
CREATE TYPE "inv"."item_status" AS ENUM('new', 'used', 'broken');--> statement-breakpoint
CREATE TYPE "public"."mood" AS ENUM('sad', 'ok', 'happy');--> statement-breakpoint
CREATE SEQUENCE "public"."desc_seq" INCREMENT BY -1 MINVALUE -9223372036854775808 MAXVALUE -1 START WITH -1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."full_seq" INCREMENT BY 2 MINVALUE 10 MAXVALUE 10000 START WITH 100 CACHE 5 CYCLE;--> statement-breakpoint
CREATE SEQUENCE "inv"."inv_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 7 CACHE 3;--> statement-breakpoint
CREATE SEQUENCE "public"."plain_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "inv"."items" (
	"id" integer PRIMARY KEY NOT NULL,
	"status" "inv"."item_status" DEFAULT 'new' NOT NULL,
	"statuses" "inv"."item_status"[],
	"mood" "mood",
	"code" bigint DEFAULT nextval('inv.inv_seq')
);
