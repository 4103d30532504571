DROP INDEX "installments_contract_idx";--> statement-breakpoint
CREATE INDEX "installments_contract_idx" ON "installments" USING btree ("contract_id","due_date");