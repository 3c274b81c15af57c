CREATE ROLE "rls_auditor" WITH NOINHERIT;--> statement-breakpoint
ALTER POLICY "docs_read" ON "docs" TO rls_auditor,rls_reader USING (owner = current_user or body is not null);