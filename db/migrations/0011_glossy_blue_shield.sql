ALTER TABLE "contracts" ADD COLUMN "amount_gross" numeric(18, 2);--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "auto_renew" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "date_terminated" date;--> statement-breakpoint
-- Until now notified/rectified held the gross valuation: it is the gross value of existing contracts.
UPDATE "contracts" SET "amount_gross" = CASE WHEN "state" IN (1, 2) THEN "amount_notified" ELSE coalesce("amount_rectified", "amount_notified") END;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "renew_as_negotiable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_open_amendment_uq" ON "contracts" USING btree ("code") WHERE "contracts"."is_deleted" = false and "contracts"."amendment" > 0 and "contracts"."state" in (1, 2, 3, 4, 11);--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_renewal_uq" ON "contracts" USING btree ("parent_id") WHERE "contracts"."is_deleted" = false and "contracts"."amendment" = 0 and "contracts"."parent_id" is not null;--> statement-breakpoint
CREATE INDEX "contracts_auto_renew_idx" ON "contracts" USING btree ("date_valid_to") WHERE "contracts"."auto_renew" = true and "contracts"."is_deleted" = false;