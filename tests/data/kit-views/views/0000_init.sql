CREATE SCHEMA "shop";
--> statement-breakpoint
CREATE TABLE "products" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"price" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE VIEW "public"."active_products" AS (select "id", "name" from "products" where ("products"."active" = true and "products"."price" > 5 and "products"."name" = 'it''s'));--> statement-breakpoint
CREATE VIEW "public"."cheap_products" WITH (check_option = cascaded, security_barrier = true, security_invoker = true) AS (select "id", "name" from "products" where "price" < 100);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."price_stats" AS (select "id", "price" from "products" where "products"."price" > 10);--> statement-breakpoint
CREATE MATERIALIZED VIEW "shop"."shop_mat" USING "heap" WITH (fillfactor = 50, autovacuum_enabled = false) TABLESPACE pg_default AS (select "id" from "products") WITH NO DATA;