CREATE TABLE "labels" (
	"id" integer PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"body" text
);
--> statement-breakpoint
CREATE INDEX "labels_lower_idx" ON "labels" USING btree (lower(label));--> statement-breakpoint
CREATE UNIQUE INDEX "labels_lower_body_idx" ON "labels" USING btree (lower("label"),"body" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "labels_ops_idx" ON "labels" USING btree ("label" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "labels_trgm_idx" ON "labels" USING gin (to_tsvector('english', "body"));--> statement-breakpoint
CREATE INDEX "labels_mixed_idx" ON "labels" USING btree ("id" NULLS FIRST,(length(body)));