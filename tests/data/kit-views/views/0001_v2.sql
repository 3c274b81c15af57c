DROP MATERIALIZED VIEW "public"."price_stats";--> statement-breakpoint
DROP VIEW "public"."active_products";--> statement-breakpoint
ALTER VIEW "public"."cheap_products" RESET (security_barrier);--> statement-breakpoint
ALTER VIEW "public"."cheap_products" SET (check_option = local);--> statement-breakpoint
ALTER MATERIALIZED VIEW "shop"."shop_mat" RESET (autovacuum_enabled);--> statement-breakpoint
ALTER MATERIALIZED VIEW "shop"."shop_mat" SET (fillfactor = 60);--> statement-breakpoint
CREATE VIEW "public"."active_products" AS (select "id", "name" from "products" where ("products"."active" = true and "products"."price" > 6 and "products"."name" = 'it''s'));