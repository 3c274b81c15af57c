ALTER SEQUENCE "public"."full_seq" INCREMENT BY 3 MINVALUE 10 MAXVALUE 10000 START WITH 100 CACHE 5 CYCLE;--> statement-breakpoint
DROP SEQUENCE "public"."plain_seq";