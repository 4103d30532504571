CREATE TABLE "allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_id" uuid NOT NULL,
	"installment_id" uuid NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"allocated_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"released_at" timestamp with time zone,
	"released_by" uuid,
	"release_reason" text,
	CONSTRAINT "allocations_amount_ck" CHECK ("allocations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "credit_note_sequences" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_value" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"number" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"policy_holder_id" uuid,
	"invoice_id" uuid NOT NULL,
	"date_issued" date NOT NULL,
	"total" numeric(18, 2) NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "credit_notes_total_ck" CHECK ("credit_notes"."total" > 0)
);
--> statement-breakpoint
CREATE TABLE "installment_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installment_id" uuid NOT NULL,
	"contract_contribution_detail_id" uuid NOT NULL,
	"amount" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"contract_id" uuid NOT NULL,
	"chain_code" text NOT NULL,
	"policy_holder_id" uuid,
	"seq" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"due_date" date NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"allocated" numeric(18, 2) DEFAULT '0' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"invoice_id" uuid,
	"credit_note_id" uuid,
	"required_before_effective" boolean DEFAULT false NOT NULL,
	CONSTRAINT "installments_state_ck" CHECK ("installments"."state" in ('open', 'invoiced', 'replaced', 'credited')),
	CONSTRAINT "installments_amount_ck" CHECK ("installments"."amount" >= 0),
	CONSTRAINT "installments_allocated_ck" CHECK ("installments"."allocated" >= 0 and "installments"."allocated" <= "installments"."amount"),
	CONSTRAINT "installments_period_ck" CHECK ("installments"."period_to" >= "installments"."period_from"),
	CONSTRAINT "installments_invoiced_ck" CHECK (("installments"."state" in ('invoiced', 'credited')) = ("installments"."invoice_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "journal_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"entry_date" date NOT NULL,
	"doc_type" text NOT NULL,
	"doc_id" uuid NOT NULL,
	"doc_number" text,
	"policy_holder_id" uuid,
	"contract_id" uuid,
	"account" text NOT NULL,
	"debit" numeric(18, 2) DEFAULT '0' NOT NULL,
	"credit" numeric(18, 2) DEFAULT '0' NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_lines_side_ck" CHECK ("journal_lines"."debit" >= 0 and "journal_lines"."credit" >= 0)
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid,
	"contract_id" uuid,
	"chain_code" text,
	"receipt_number" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"received_at" date NOT NULL,
	"advance" boolean DEFAULT false NOT NULL,
	"allocated" numeric(18, 2) DEFAULT '0' NOT NULL,
	"refunded" numeric(18, 2) DEFAULT '0' NOT NULL,
	"reversed_at" timestamp with time zone,
	"reversed_by" uuid,
	"reversal_reason" text,
	CONSTRAINT "receipts_amount_ck" CHECK ("receipts"."amount" > 0),
	CONSTRAINT "receipts_payer_ck" CHECK ("receipts"."policy_holder_id" is not null or "receipts"."chain_code" is not null),
	CONSTRAINT "receipts_used_ck" CHECK ("receipts"."allocated" >= 0 and "receipts"."refunded" >= 0 and "receipts"."allocated" + "receipts"."refunded" <= "receipts"."amount"),
	CONSTRAINT "receipts_reversed_ck" CHECK ("receipts"."reversed_at" is null or ("receipts"."allocated" = 0 and "receipts"."refunded" = 0))
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"policy_holder_id" uuid,
	"receipt_id" uuid NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"refunded_on" date NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "refunds_amount_ck" CHECK ("refunds"."amount" > 0)
);
--> statement-breakpoint
DROP INDEX "invoice_lines_ccd_uq";--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "installment_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "policy_holder_id" uuid;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "state" text DEFAULT 'issued' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_paid" numeric(18, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "amount_credited" numeric(18, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_holders" ADD COLUMN "billing_frequency_months" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "billing_frequency_months" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "pay_before_effective" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocations" ADD CONSTRAINT "allocations_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_lines" ADD CONSTRAINT "installment_lines_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_lines" ADD CONSTRAINT "installment_lines_contract_contribution_detail_id_contract_contribution_details_id_fk" FOREIGN KEY ("contract_contribution_detail_id") REFERENCES "public"."contract_contribution_details"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocations_receipt_idx" ON "allocations" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "allocations_installment_idx" ON "allocations" USING btree ("installment_id") WHERE "allocations"."released_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_number_uq" ON "credit_notes" USING btree ("number");--> statement-breakpoint
CREATE INDEX "credit_notes_contract_idx" ON "credit_notes" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "credit_notes_ph_idx" ON "credit_notes" USING btree ("policy_holder_id","date_issued");--> statement-breakpoint
CREATE INDEX "installment_lines_installment_idx" ON "installment_lines" USING btree ("installment_id");--> statement-breakpoint
CREATE INDEX "installments_contract_idx" ON "installments" USING btree ("contract_id","seq");--> statement-breakpoint
CREATE INDEX "installments_live_ph_idx" ON "installments" USING btree ("policy_holder_id","due_date") WHERE "installments"."state" in ('open', 'invoiced');--> statement-breakpoint
CREATE INDEX "installments_chain_idx" ON "installments" USING btree ("chain_code","period_from");--> statement-breakpoint
CREATE INDEX "installments_invoice_idx" ON "installments" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "installments_period_invoiced_uq" ON "installments" USING btree ("chain_code","period_from") WHERE "installments"."state" = 'invoiced';--> statement-breakpoint
CREATE INDEX "journal_lines_date_idx" ON "journal_lines" USING btree ("entry_date");--> statement-breakpoint
CREATE INDEX "journal_lines_entry_idx" ON "journal_lines" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "journal_lines_ph_idx" ON "journal_lines" USING btree ("policy_holder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_number_uq" ON "receipts" USING btree ("receipt_number") WHERE "receipts"."is_deleted" = false;--> statement-breakpoint
CREATE INDEX "receipts_ph_idx" ON "receipts" USING btree ("policy_holder_id","received_at");--> statement-breakpoint
CREATE INDEX "receipts_contract_idx" ON "receipts" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "receipts_unallocated_idx" ON "receipts" USING btree ("policy_holder_id","chain_code") WHERE "receipts"."reversed_at" is null and "receipts"."allocated" + "receipts"."refunded" < "receipts"."amount";--> statement-breakpoint
CREATE INDEX "refunds_receipt_idx" ON "refunds" USING btree ("receipt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_installment_ccd_uq" ON "invoice_lines" USING btree ("installment_id","contract_contribution_detail_id");--> statement-breakpoint
CREATE INDEX "invoices_ph_idx" ON "invoices" USING btree ("policy_holder_id","date_issued");--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_state_ck" CHECK ("invoices"."state" in ('issued', 'partially_paid', 'paid', 'cancelled'));--> statement-breakpoint
ALTER TABLE "policy_holders" ADD CONSTRAINT "policy_holders_billing_frequency_ck" CHECK ("policy_holders"."billing_frequency_months" is null or "policy_holders"."billing_frequency_months" in (1, 3, 6, 12));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_billing_frequency_ck" CHECK ("products"."billing_frequency_months" in (1, 3, 6, 12));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_pay_before_effective_ck" CHECK ("products"."pay_before_effective" in ('first', 'all'));