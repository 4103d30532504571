CREATE TABLE "premium_rule_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"rule_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"valid_from" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"test_results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "premium_rule_versions_status_ck" CHECK ("premium_rule_versions"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "premium_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text
);
--> statement-breakpoint
ALTER TABLE "premium_rule_versions" ADD CONSTRAINT "premium_rule_versions_rule_id_premium_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."premium_rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "premium_rule_versions_number_uq" ON "premium_rule_versions" USING btree ("rule_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "premium_rule_versions_published_from_uq" ON "premium_rule_versions" USING btree ("rule_id","valid_from") WHERE "premium_rule_versions"."status" = 'published' and "premium_rule_versions"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "premium_rule_versions_rule_idx" ON "premium_rule_versions" USING btree ("rule_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "premium_rules_code_live_uq" ON "premium_rules" USING btree ("code") WHERE "premium_rules"."is_deleted" = false;