DROP ROLE "rls_temp";--> statement-breakpoint
ALTER ROLE "rls_admin" WITH NOCREATEDB CREATEROLE INHERIT;--> statement-breakpoint
ALTER TABLE "plain" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notes" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "app"."secrets" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP POLICY "docs_all" ON "docs" CASCADE;--> statement-breakpoint
DROP POLICY "secrets_update" ON "app"."secrets" CASCADE;--> statement-breakpoint
DROP POLICY "docs_insert" ON "docs" CASCADE;--> statement-breakpoint
DROP POLICY "docs_outside" ON "docs" CASCADE;--> statement-breakpoint
CREATE POLICY "docs_insert" ON "docs" AS RESTRICTIVE FOR UPDATE TO "rls_admin", "rls_reader" WITH CHECK (owner = current_user);--> statement-breakpoint
CREATE POLICY "docs_outside" ON "docs" AS RESTRICTIVE FOR DELETE TO current_user, "rls_outside" USING (body is null);--> statement-breakpoint
ALTER POLICY "docs_read" ON "docs" TO rls_reader USING (owner = current_user or body is not null);