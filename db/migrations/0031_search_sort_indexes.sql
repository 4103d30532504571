CREATE INDEX "contracts_state_id_idx" ON "contracts" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "contracts_amendment_id_idx" ON "contracts" USING btree ("amendment","id");--> statement-breakpoint
CREATE INDEX "contracts_policy_holder_id_idx" ON "contracts" USING btree ("policy_holder_id","id");--> statement-breakpoint
CREATE INDEX "contracts_validity_gist_idx" ON "contracts" USING gist (daterange("date_valid_from", "date_valid_to", '[]'));--> statement-breakpoint
CREATE INDEX "policy_holders_code_idx" ON "policy_holders" USING btree ("code");