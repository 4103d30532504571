CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"contract_id" uuid,
	"policy_holder_id" uuid,
	"comment_id" uuid,
	"category" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"side" text NOT NULL,
	"uploader_name" text NOT NULL,
	"document_kind" text,
	"document_id" uuid,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	CONSTRAINT "attachments_owner_ck" CHECK ("attachments"."contract_id" is not null or "attachments"."policy_holder_id" is not null),
	CONSTRAINT "attachments_category_ck" CHECK ("attachments"."category" in ('signed_contract', 'employee_list', 'medical', 'correspondence', 'other', 'document')),
	CONSTRAINT "attachments_side_ck" CHECK ("attachments"."side" in ('insurer', 'policy_holder', 'system')),
	CONSTRAINT "attachments_internal_ck" CHECK (not ("attachments"."internal" and "attachments"."side" = 'policy_holder')),
	CONSTRAINT "attachments_size_ck" CHECK ("attachments"."size" >= 0),
	CONSTRAINT "attachments_document_ck" CHECK (("attachments"."document_kind" is null) = ("attachments"."document_id" is null) and ("attachments"."document_kind" is null or "attachments"."document_kind" in ('invoice', 'credit_note', 'certificate')))
);
--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "attachment_refs" jsonb;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_policy_holder_id_policy_holders_id_fk" FOREIGN KEY ("policy_holder_id") REFERENCES "public"."policy_holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_comment_id_contract_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."contract_comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_contract_idx" ON "attachments" USING btree ("contract_id","created_at");--> statement-breakpoint
CREATE INDEX "attachments_ph_idx" ON "attachments" USING btree ("policy_holder_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "attachments_document_uq" ON "attachments" USING btree ("document_kind","document_id") WHERE "attachments"."is_deleted" = false;