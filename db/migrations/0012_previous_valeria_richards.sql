ALTER TABLE "policies" ADD COLUMN "grace_expiry_date" date;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "grace_period_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "contracts_state_notified_idx" ON "contracts" USING btree ("state","amount_notified");--> statement-breakpoint
CREATE INDEX "contracts_state_rectified_idx" ON "contracts" USING btree ("state","amount_rectified");--> statement-breakpoint
CREATE INDEX "contracts_state_due_idx" ON "contracts" USING btree ("state","amount_due");--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_grace_ck" CHECK ("products"."grace_period_days" between 0 and 365);--> statement-breakpoint
-- Policies before the grace period setting had none: their cover ends at their expiry.
UPDATE "policies" SET "grace_expiry_date" = "expiry_date";
