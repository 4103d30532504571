CREATE TABLE "dunning_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"chain_code" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"policy_holder_id" uuid,
	"product_id" uuid,
	"due_date" date NOT NULL,
	"opened_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"last_step_on" date,
	"fees_total" numeric(18, 2) DEFAULT '0' NOT NULL,
	"closed_on" date,
	CONSTRAINT "dunning_cases_status_ck" CHECK ("dunning_cases"."status" in ('open', 'paid', 'terminated'))
);
--> statement-breakpoint
CREATE TABLE "dunning_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"until" date NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dunning_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"days_after_due" integer NOT NULL,
	"action" text NOT NULL,
	"registered" boolean DEFAULT false NOT NULL,
	"fee" numeric(18, 2),
	"subject_en" text NOT NULL,
	"body_en" text NOT NULL,
	"subject_fr" text NOT NULL,
	"body_fr" text NOT NULL,
	CONSTRAINT "dunning_levels_action_ck" CHECK ("dunning_levels"."action" in ('letter', 'suspend', 'terminate')),
	CONSTRAINT "dunning_levels_days_ck" CHECK ("dunning_levels"."days_after_due" between 1 and 365),
	CONSTRAINT "dunning_levels_fee_ck" CHECK ("dunning_levels"."fee" is null or "dunning_levels"."fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "dunning_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"level_id" uuid NOT NULL,
	"level_number" integer NOT NULL,
	"level_name" text NOT NULL,
	"action" text NOT NULL,
	"step_date" date NOT NULL,
	"amount_overdue" numeric(18, 2) NOT NULL,
	"fee" numeric(18, 2) DEFAULT '0' NOT NULL,
	"notification_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "cover_suspended_from" date;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_holds" ADD CONSTRAINT "dunning_holds_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_levels" ADD CONSTRAINT "dunning_levels_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_steps" ADD CONSTRAINT "dunning_steps_case_id_dunning_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."dunning_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_steps" ADD CONSTRAINT "dunning_steps_level_id_dunning_levels_id_fk" FOREIGN KEY ("level_id") REFERENCES "public"."dunning_levels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_cases_open_uq" ON "dunning_cases" USING btree ("chain_code") WHERE "dunning_cases"."status" = 'open';--> statement-breakpoint
CREATE INDEX "dunning_cases_ph_idx" ON "dunning_cases" USING btree ("policy_holder_id");--> statement-breakpoint
CREATE INDEX "dunning_cases_contract_idx" ON "dunning_cases" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "dunning_holds_ph_idx" ON "dunning_holds" USING btree ("policy_holder_id","until");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_levels_product_days_uq" ON "dunning_levels" USING btree ("product_id","days_after_due") WHERE "dunning_levels"."is_deleted" = false;--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_steps_case_level_uq" ON "dunning_steps" USING btree ("case_id","level_id");--> statement-breakpoint
CREATE INDEX "dunning_steps_case_idx" ON "dunning_steps" USING btree ("case_id");