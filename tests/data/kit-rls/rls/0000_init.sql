CREATE SCHEMA "app";
--> statement-breakpoint
CREATE ROLE "rls_admin" WITH CREATEDB CREATEROLE NOINHERIT;--> statement-breakpoint
CREATE ROLE "rls_reader";--> statement-breakpoint
CREATE ROLE "rls_temp" WITH CREATEDB;--> statement-breakpoint
CREATE TABLE "docs" (
	"id" integer PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"body" text
);
--> statement-breakpoint
ALTER TABLE "docs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notes" (
	"id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plain" (
	"id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app"."secrets" (
	"id" integer PRIMARY KEY NOT NULL,
	"k" text
);
--> statement-breakpoint
ALTER TABLE "app"."secrets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "docs_read" ON "docs" AS PERMISSIVE FOR SELECT TO "rls_reader" USING (owner = current_user);--> statement-breakpoint
CREATE POLICY "docs_insert" ON "docs" AS RESTRICTIVE FOR INSERT TO "rls_admin", "rls_reader" WITH CHECK (owner = current_user);--> statement-breakpoint
CREATE POLICY "docs_all" ON "docs" AS PERMISSIVE FOR ALL TO public USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "docs_outside" ON "docs" AS PERMISSIVE FOR DELETE TO current_user, "rls_outside" USING (body is null);--> statement-breakpoint
CREATE POLICY "secrets_update" ON "app"."secrets" AS PERMISSIVE FOR UPDATE TO current_user USING (k <> '');