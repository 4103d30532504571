CREATE TABLE "bank_line_receipts" (
	"bank_line_id" uuid NOT NULL,
	"receipt_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bank_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"statement_id" uuid NOT NULL,
	"line_key" text NOT NULL,
	"booked_on" date NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"direction" text NOT NULL,
	"counterparty" text,
	"reference" text,
	"end_to_end_id" text,
	"return_reason" text,
	"state" text NOT NULL,
	"matched_by" text,
	"policy_holder_id" uuid,
	"collection_item_id" uuid,
	"note" text,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_lines_amount_ck" CHECK ("bank_lines"."amount" > 0),
	CONSTRAINT "bank_lines_direction_ck" CHECK ("bank_lines"."direction" in ('credit', 'debit')),
	CONSTRAINT "bank_lines_state_ck" CHECK ("bank_lines"."state" in ('settled', 'matched', 'returned', 'unmatched', 'not_ours', 'ignored'))
);
--> statement-breakpoint
CREATE TABLE "bank_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"format" text NOT NULL,
	"statement_id" text,
	"digest" text NOT NULL,
	"file_name" text,
	"lines" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "bank_statements_format_ck" CHECK ("bank_statements"."format" in ('camt.053', 'camt.054', 'csv'))
);
--> statement-breakpoint
CREATE TABLE "collection_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"scheme" text NOT NULL,
	"sequence" text NOT NULL,
	"message_id" text NOT NULL,
	"transactions" integer NOT NULL,
	"control_sum" numeric(18, 2) NOT NULL,
	"xml" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collection_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"file_id" uuid,
	"installment_id" uuid NOT NULL,
	"mandate_id" uuid NOT NULL,
	"policy_holder_id" uuid NOT NULL,
	"end_to_end_id" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"scheme" text NOT NULL,
	"sequence" text NOT NULL,
	"collection_date" date NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"receipt_id" uuid,
	"settled_on" date,
	"return_reason" text,
	"returned_on" date,
	"return_fee" numeric(18, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_items_state_ck" CHECK ("collection_items"."state" in ('pending', 'settled', 'returned')),
	CONSTRAINT "collection_items_amount_ck" CHECK ("collection_items"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "collection_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"collection_date" date NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"job_id" uuid,
	"items" integer DEFAULT 0 NOT NULL,
	"amount" numeric(18, 2) DEFAULT '0' NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "collection_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"creditor_id" text NOT NULL,
	"creditor_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"pre_notification_days" integer DEFAULT 14 NOT NULL,
	"return_fee" numeric(18, 2),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "collection_settings_single_ck" CHECK ("collection_settings"."id" = 1),
	CONSTRAINT "collection_settings_days_ck" CHECK ("collection_settings"."pre_notification_days" between 0 and 60),
	CONSTRAINT "collection_settings_fee_ck" CHECK ("collection_settings"."return_fee" is null or "collection_settings"."return_fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sepa_mandates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"debtor_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"signed_on" date NOT NULL,
	"scheme" text DEFAULT 'CORE' NOT NULL,
	"sequence" text DEFAULT 'FRST' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_collected_on" date,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"source" text DEFAULT 'staff' NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"accepted_text" text,
	CONSTRAINT "sepa_mandates_scheme_ck" CHECK ("sepa_mandates"."scheme" in ('CORE', 'B2B')),
	CONSTRAINT "sepa_mandates_sequence_ck" CHECK ("sepa_mandates"."sequence" in ('FRST', 'RCUR', 'FNAL', 'OOFF')),
	CONSTRAINT "sepa_mandates_status_ck" CHECK ("sepa_mandates"."status" in ('active', 'revoked', 'expired'))
);
--> statement-breakpoint
ALTER TABLE "bank_line_receipts" ADD CONSTRAINT "bank_line_receipts_bank_line_id_bank_lines_id_fk" FOREIGN KEY ("bank_line_id") REFERENCES "public"."bank_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_line_receipts" ADD CONSTRAINT "bank_line_receipts_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_lines" ADD CONSTRAINT "bank_lines_statement_id_bank_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."bank_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_lines" ADD CONSTRAINT "bank_lines_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_lines" ADD CONSTRAINT "bank_lines_collection_item_id_collection_items_id_fk" FOREIGN KEY ("collection_item_id") REFERENCES "public"."collection_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_files" ADD CONSTRAINT "collection_files_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_run_id_collection_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."collection_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_file_id_collection_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."collection_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_mandate_id_sepa_mandates_id_fk" FOREIGN KEY ("mandate_id") REFERENCES "public"."sepa_mandates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_items" ADD CONSTRAINT "collection_items_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandates" ADD CONSTRAINT "sepa_mandates_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_line_receipts_uq" ON "bank_line_receipts" USING btree ("bank_line_id","receipt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_lines_key_uq" ON "bank_lines" USING btree ("line_key");--> statement-breakpoint
CREATE INDEX "bank_lines_statement_idx" ON "bank_lines" USING btree ("statement_id");--> statement-breakpoint
CREATE INDEX "bank_lines_state_idx" ON "bank_lines" USING btree ("state","booked_on");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_statements_digest_uq" ON "bank_statements" USING btree ("digest");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_files_message_uq" ON "collection_files" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_files_run_uq" ON "collection_files" USING btree ("run_id","scheme","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_items_e2e_uq" ON "collection_items" USING btree ("end_to_end_id");--> statement-breakpoint
CREATE UNIQUE INDEX "collection_items_pending_uq" ON "collection_items" USING btree ("installment_id") WHERE "collection_items"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "collection_items_run_idx" ON "collection_items" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "collection_items_ph_idx" ON "collection_items" USING btree ("policy_holder_id");--> statement-breakpoint
CREATE INDEX "collection_runs_created_idx" ON "collection_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandates_reference_uq" ON "sepa_mandates" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandates_active_uq" ON "sepa_mandates" USING btree ("policy_holder_id") WHERE "sepa_mandates"."status" = 'active' and "sepa_mandates"."is_deleted" = false;