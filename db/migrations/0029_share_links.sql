CREATE TABLE "share_link_accesses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"share_link_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"email" text,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "share_link_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"share_link_id" uuid NOT NULL,
	"email" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"verified_at" timestamp with time zone,
	"session_hash" text,
	"session_expires_at" timestamp with time zone,
	CONSTRAINT "share_link_codes_session_hash_unique" UNIQUE("session_hash")
);
--> statement-breakpoint
CREATE TABLE "share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"attachment_id" uuid,
	"invoice_id" uuid,
	"token_hash" text NOT NULL,
	"recipient_email" text,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	CONSTRAINT "share_links_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "share_links_kind_ck" CHECK ("share_links"."kind" in ('contract', 'attachment', 'invoice')),
	CONSTRAINT "share_links_target_ck" CHECK (("share_links"."kind" = 'attachment') = ("share_links"."attachment_id" is not null) and ("share_links"."kind" = 'invoice') = ("share_links"."invoice_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "share_link_accesses" ADD CONSTRAINT "share_link_accesses_share_link_id_share_links_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_link_codes" ADD CONSTRAINT "share_link_codes_share_link_id_share_links_id_fk" FOREIGN KEY ("share_link_id") REFERENCES "public"."share_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "share_link_accesses_link_idx" ON "share_link_accesses" USING btree ("share_link_id","at");--> statement-breakpoint
CREATE INDEX "share_link_codes_link_idx" ON "share_link_codes" USING btree ("share_link_id","created_at");--> statement-breakpoint
CREATE INDEX "share_links_contract_idx" ON "share_links" USING btree ("contract_id","created_at");