DROP INDEX "contracts_payment_due_idx";--> statement-breakpoint
DROP INDEX "contracts_valid_from_idx";--> statement-breakpoint
DROP INDEX "contracts_valid_to_idx";--> statement-breakpoint
CREATE INDEX "contracts_payment_due_id_idx" ON "contracts" USING btree ("date_payment_due","id");--> statement-breakpoint
CREATE INDEX "contracts_valid_from_id_idx" ON "contracts" USING btree ("date_valid_from","id");--> statement-breakpoint
CREATE INDEX "contracts_valid_to_id_idx" ON "contracts" USING btree ("date_valid_to","id");