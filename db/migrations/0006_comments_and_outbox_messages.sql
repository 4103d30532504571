CREATE TABLE "contract_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"side" text NOT NULL,
	"body" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"operation" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_comments_side_ck" CHECK ("contract_comments"."side" in ('insurer', 'policy_holder')),
	CONSTRAINT "contract_comments_body_ck" CHECK (char_length("contract_comments"."body") between 1 and 5000),
	CONSTRAINT "contract_comments_internal_ck" CHECK (not ("contract_comments"."internal" and "contract_comments"."side" = 'policy_holder'))
);
--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "recipient" text;--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "subject" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "body" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contract_comments" ADD CONSTRAINT "contract_comments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_comments_contract_idx" ON "contract_comments" USING btree ("contract_id","created_at");--> statement-breakpoint
CREATE INDEX "notification_events_created_idx" ON "notification_events" USING btree ("created_at");--> statement-breakpoint
-- Staff who work on contracts may now comment on them: grant the new right to the standard roles that
-- already exist (new databases get it from DEFAULT_ROLES).
INSERT INTO "role_permissions" ("role_id", "permission")
SELECT "id", 'contract.comment' FROM "roles" WHERE "code" IN ('admin', 'editor', 'approver') AND "is_deleted" = false
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "role_permissions" ("role_id", "permission")
SELECT "id", 'admin.outbox' FROM "roles" WHERE "code" = 'admin' AND "is_deleted" = false
ON CONFLICT DO NOTHING;
