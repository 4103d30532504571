CREATE TABLE "invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"contract_contribution_detail_id" uuid NOT NULL,
	"description" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"amount" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_sequences" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"number" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"date_issued" date NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"total" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_details" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"payment_id" uuid NOT NULL,
	"contract_contribution_detail_id" uuid NOT NULL,
	"amount" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"payment_id" uuid NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"received_at" date NOT NULL,
	"receipt_number" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"contract_id" uuid NOT NULL,
	"kind" text DEFAULT 'request' NOT NULL,
	"expected_amount" numeric(18, 2) NOT NULL,
	"received_amount" numeric(18, 2) DEFAULT '0' NOT NULL,
	"request_date" date NOT NULL,
	"reference" text,
	"status" text DEFAULT 'requested' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_contribution_details" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"contract_id" uuid NOT NULL,
	"contract_detail_id" uuid NOT NULL,
	"contribution_plan_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date NOT NULL,
	"amount" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_details" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"contract_id" uuid NOT NULL,
	"insuree_id" uuid NOT NULL,
	"policy_holder_insuree_id" uuid,
	"bundle_id" uuid NOT NULL,
	"calculation_params" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"code" text NOT NULL,
	"policy_holder_id" uuid,
	"amount_notified" numeric(18, 2),
	"amount_rectified" numeric(18, 2),
	"amount_due" numeric(18, 2),
	"amount" numeric(18, 2) GENERATED ALWAYS AS (case when "contracts"."state" in (1, 2) then "contracts"."amount_notified"
        when "contracts"."state" in (3, 4, 11) then "contracts"."amount_rectified"
        else "contracts"."amount_due" end) STORED,
	"date_approved" timestamp with time zone,
	"date_payment_due" date,
	"state" smallint DEFAULT 2 NOT NULL,
	"payment_reference" text,
	"amendment" integer DEFAULT 0 NOT NULL,
	"parent_id" uuid,
	"date_valid_from" date NOT NULL,
	"date_valid_to" date NOT NULL,
	"state_reason" text,
	CONSTRAINT "contracts_code_len_ck" CHECK (char_length("contracts"."code") between 1 and 64),
	CONSTRAINT "contracts_state_ck" CHECK ("contracts"."state" between 1 and 11),
	CONSTRAINT "contracts_validity_ck" CHECK ("contracts"."date_valid_to" >= "contracts"."date_valid_from"),
	CONSTRAINT "contracts_payment_ref_len_ck" CHECK (char_length("contracts"."payment_reference") <= 255)
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"contract_contribution_detail_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"pay_date" date
);
--> statement-breakpoint
CREATE TABLE "insuree_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"insuree_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"effective_date" date NOT NULL,
	"expiry_date" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"insuree_id" uuid NOT NULL,
	"family_id" uuid,
	"covers_family" boolean DEFAULT false NOT NULL,
	"product_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"expiry_date" date NOT NULL,
	"status" text DEFAULT 'contracted' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" text NOT NULL,
	"contract_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_contract_contribution_detail_id_contract_contribution_details_id_fk" FOREIGN KEY ("contract_contribution_detail_id") REFERENCES "public"."contract_contribution_details"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_details" ADD CONSTRAINT "payment_details_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_details" ADD CONSTRAINT "payment_details_contract_contribution_detail_id_contract_contribution_details_id_fk" FOREIGN KEY ("contract_contribution_detail_id") REFERENCES "public"."contract_contribution_details"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_receipts" ADD CONSTRAINT "payment_receipts_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_contribution_details" ADD CONSTRAINT "contract_contribution_details_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_contribution_details" ADD CONSTRAINT "contract_contribution_details_contract_detail_id_contract_details_id_fk" FOREIGN KEY ("contract_detail_id") REFERENCES "public"."contract_details"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_contribution_details" ADD CONSTRAINT "contract_contribution_details_contribution_plan_id_contribution_plans_id_fk" FOREIGN KEY ("contribution_plan_id") REFERENCES "public"."contribution_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_contribution_details" ADD CONSTRAINT "contract_contribution_details_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_details" ADD CONSTRAINT "contract_details_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_details" ADD CONSTRAINT "contract_details_insuree_id_insurees_id_fk" FOREIGN KEY ("insuree_id") REFERENCES "public"."insurees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_details" ADD CONSTRAINT "contract_details_policy_holder_insuree_id_policy_holder_insurees_id_fk" FOREIGN KEY ("policy_holder_insuree_id") REFERENCES "public"."policy_holder_insurees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_details" ADD CONSTRAINT "contract_details_bundle_id_contribution_plan_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."contribution_plan_bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_parent_id_contracts_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_contract_contribution_detail_id_contract_contribution_details_id_fk" FOREIGN KEY ("contract_contribution_detail_id") REFERENCES "public"."contract_contribution_details"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insuree_policies" ADD CONSTRAINT "insuree_policies_insuree_id_insurees_id_fk" FOREIGN KEY ("insuree_id") REFERENCES "public"."insurees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insuree_policies" ADD CONSTRAINT "insuree_policies_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insuree_policies" ADD CONSTRAINT "insuree_policies_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_insuree_id_insurees_id_fk" FOREIGN KEY ("insuree_id") REFERENCES "public"."insurees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_ccd_uq" ON "invoice_lines" USING btree ("contract_contribution_detail_id");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "invoice_lines" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_uq" ON "invoices" USING btree ("number");--> statement-breakpoint
CREATE INDEX "invoices_contract_idx" ON "invoices" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "payment_details_payment_idx" ON "payment_details" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_receipts_number_uq" ON "payment_receipts" USING btree ("receipt_number") WHERE "payment_receipts"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "payment_receipts_payment_idx" ON "payment_receipts" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_contract_idx" ON "payments" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "ccd_contract_idx" ON "contract_contribution_details" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "ccd_detail_idx" ON "contract_contribution_details" USING btree ("contract_detail_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_details_insuree_uq" ON "contract_details" USING btree ("contract_id","insuree_id") WHERE "contract_details"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "contract_details_insuree_idx" ON "contract_details" USING btree ("insuree_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_code_live_uq" ON "contracts" USING btree ("code") WHERE "contracts"."is_deleted" = false and "contracts"."amendment" = 0;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_code_amendment_uq" ON "contracts" USING btree ("code","amendment") WHERE "contracts"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "contracts_code_trgm_idx" ON "contracts" USING gin ("code" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_payment_ref_trgm_idx" ON "contracts" USING gin ("payment_reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_policy_holder_idx" ON "contracts" USING btree ("policy_holder_id","date_valid_from");--> statement-breakpoint
CREATE INDEX "contracts_state_amount_idx" ON "contracts" USING btree ("state","amount");--> statement-breakpoint
CREATE INDEX "contracts_amount_idx" ON "contracts" USING btree ("amount");--> statement-breakpoint
CREATE INDEX "contracts_payment_due_idx" ON "contracts" USING btree ("date_payment_due");--> statement-breakpoint
CREATE INDEX "contracts_valid_from_idx" ON "contracts" USING btree ("date_valid_from");--> statement-breakpoint
CREATE INDEX "contracts_valid_to_idx" ON "contracts" USING btree ("date_valid_to");--> statement-breakpoint
CREATE INDEX "contracts_code_idx" ON "contracts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "contracts_parent_idx" ON "contracts" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contributions_line_uq" ON "contributions" USING btree ("contract_contribution_detail_id");--> statement-breakpoint
CREATE INDEX "insuree_policies_contract_idx" ON "insuree_policies" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "insuree_policies_uq" ON "insuree_policies" USING btree ("contract_id","insuree_id","policy_id") WHERE "insuree_policies"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "policies_insuree_product_idx" ON "policies" USING btree ("insuree_id","product_id","start_date");--> statement-breakpoint
CREATE INDEX "notification_events_status_idx" ON "notification_events" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notification_events_contract_idx" ON "notification_events" USING btree ("contract_id");