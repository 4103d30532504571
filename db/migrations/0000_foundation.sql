CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"operation_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"field" text,
	"old_value" text,
	"new_value" text,
	"actor_id" uuid,
	"actor_name" text,
	"source" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_permissions" (
	"role_id" uuid NOT NULL,
	"permission" text NOT NULL,
	CONSTRAINT "role_permissions_role_id_permission_pk" PRIMARY KEY("role_id","permission")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"is_portal" boolean DEFAULT false NOT NULL,
	CONSTRAINT "roles_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role_id" uuid NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"preferred_language" text DEFAULT 'en' NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contribution_plan_bundle_plans" (
	"bundle_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	CONSTRAINT "contribution_plan_bundle_plans_bundle_id_plan_id_pk" PRIMARY KEY("bundle_id","plan_id")
);
--> statement-breakpoint
CREATE TABLE "contribution_plan_bundles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"periodicity_months" integer NOT NULL,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date,
	CONSTRAINT "contribution_plan_bundles_periodicity_ck" CHECK ("contribution_plan_bundles"."periodicity_months" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "contribution_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"product_id" uuid NOT NULL,
	"calculation_rule" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"periodicity_months" integer NOT NULL,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date,
	CONSTRAINT "contribution_plans_periodicity_ck" CHECK ("contribution_plans"."periodicity_months" between 1 and 120),
	CONSTRAINT "contribution_plans_validity_ck" CHECK ("contribution_plans"."date_valid_to" is null or "contribution_plans"."date_valid_to" >= "contribution_plans"."date_valid_from")
);
--> statement-breakpoint
CREATE TABLE "families" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "insurees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"insurance_number" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"gender" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"family_id" uuid NOT NULL,
	"is_family_head" boolean DEFAULT false NOT NULL,
	CONSTRAINT "insurees_gender_ck" CHECK ("insurees"."gender" in ('M', 'F', 'O'))
);
--> statement-breakpoint
CREATE TABLE "policy_holder_bundles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid NOT NULL,
	"bundle_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_holder_insurees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid NOT NULL,
	"insuree_id" uuid NOT NULL,
	"bundle_id" uuid,
	"calculation_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date,
	CONSTRAINT "phi_validity_ck" CHECK ("policy_holder_insurees"."date_valid_to" is null or "policy_holder_insurees"."date_valid_to" >= "policy_holder_insurees"."date_valid_from")
);
--> statement-breakpoint
CREATE TABLE "policy_holder_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date
);
--> statement-breakpoint
CREATE TABLE "policy_holders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"trade_name" text NOT NULL,
	"contact_name" text,
	"email" text,
	"phone" text,
	"address" text,
	"language" text DEFAULT 'en' NOT NULL,
	"payment_reference" text,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date,
	CONSTRAINT "policy_holders_language_ck" CHECK ("policy_holders"."language" in ('en', 'fr')),
	CONSTRAINT "policy_holders_validity_ck" CHECK ("policy_holders"."date_valid_to" is null or "policy_holders"."date_valid_to" >= "policy_holders"."date_valid_from")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"insurance_period_months" integer NOT NULL,
	CONSTRAINT "products_period_ck" CHECK ("products"."insurance_period_months" between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_plan_bundle_plans" ADD CONSTRAINT "contribution_plan_bundle_plans_bundle_id_contribution_plan_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."contribution_plan_bundles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_plan_bundle_plans" ADD CONSTRAINT "contribution_plan_bundle_plans_plan_id_contribution_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."contribution_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contribution_plans" ADD CONSTRAINT "contribution_plans_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurees" ADD CONSTRAINT "insurees_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_bundles" ADD CONSTRAINT "policy_holder_bundles_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_bundles" ADD CONSTRAINT "policy_holder_bundles_bundle_id_contribution_plan_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."contribution_plan_bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_insurees" ADD CONSTRAINT "policy_holder_insurees_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_insurees" ADD CONSTRAINT "policy_holder_insurees_insuree_id_insurees_id_fk" FOREIGN KEY ("insuree_id") REFERENCES "public"."insurees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_insurees" ADD CONSTRAINT "policy_holder_insurees_bundle_id_contribution_plan_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."contribution_plan_bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_users" ADD CONSTRAINT "policy_holder_users_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_holder_users" ADD CONSTRAINT "policy_holder_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_live_uq" ON "users" USING btree ("email") WHERE "users"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "users_role_idx" ON "users" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "cpb_plans_plan_idx" ON "contribution_plan_bundle_plans" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_plan_bundles_code_live_uq" ON "contribution_plan_bundles" USING btree ("code") WHERE "contribution_plan_bundles"."is_deleted" = false;--> statement-breakpoint
CREATE UNIQUE INDEX "contribution_plans_code_live_uq" ON "contribution_plans" USING btree ("code") WHERE "contribution_plans"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "contribution_plans_product_idx" ON "contribution_plans" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "insurees_number_live_uq" ON "insurees" USING btree ("insurance_number") WHERE "insurees"."is_deleted" = false;--> statement-breakpoint
CREATE UNIQUE INDEX "insurees_family_head_uq" ON "insurees" USING btree ("family_id") WHERE "insurees"."is_family_head" and "insurees"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "insurees_family_idx" ON "insurees" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "insurees_last_name_idx" ON "insurees" USING btree ("last_name");--> statement-breakpoint
CREATE UNIQUE INDEX "phb_live_uq" ON "policy_holder_bundles" USING btree ("policy_holder_id","bundle_id") WHERE "policy_holder_bundles"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "phi_policy_holder_idx" ON "policy_holder_insurees" USING btree ("policy_holder_id") WHERE "policy_holder_insurees"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "phi_insuree_idx" ON "policy_holder_insurees" USING btree ("insuree_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phu_live_uq" ON "policy_holder_users" USING btree ("policy_holder_id","user_id") WHERE "policy_holder_users"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "phu_user_idx" ON "policy_holder_users" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_holders_code_live_uq" ON "policy_holders" USING btree ("code") WHERE "policy_holders"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "policy_holders_trade_name_idx" ON "policy_holders" USING btree ("trade_name");--> statement-breakpoint
CREATE UNIQUE INDEX "products_code_live_uq" ON "products" USING btree ("code") WHERE "products"."is_deleted" = false;