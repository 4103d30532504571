DROP INDEX "contracts_state_notified_idx";--> statement-breakpoint
DROP INDEX "contracts_state_rectified_idx";--> statement-breakpoint
DROP INDEX "contracts_state_due_idx";--> statement-breakpoint
CREATE INDEX "contracts_amount_notified_idx" ON "contracts" USING btree ("amount_notified");--> statement-breakpoint
CREATE INDEX "contracts_amount_rectified_idx" ON "contracts" USING btree ("amount_rectified");--> statement-breakpoint
CREATE INDEX "contracts_amount_due_idx" ON "contracts" USING btree ("amount_due");