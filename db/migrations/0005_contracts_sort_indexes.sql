DROP INDEX "contracts_amount_idx";--> statement-breakpoint
DROP INDEX "contracts_updated_at_idx";--> statement-breakpoint
CREATE INDEX "contracts_amount_id_idx" ON "contracts" USING btree ("amount","id");--> statement-breakpoint
CREATE INDEX "contracts_updated_at_id_idx" ON "contracts" USING btree ("updated_at","id");