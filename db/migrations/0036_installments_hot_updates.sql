DROP INDEX "installments_invoice_idx";--> statement-breakpoint
DROP INDEX "installments_open_idx";--> statement-breakpoint
DROP INDEX "installments_period_invoiced_uq";--> statement-breakpoint
DROP INDEX "installments_live_ph_idx";--> statement-breakpoint
DROP INDEX "installments_unpaid_due_idx";--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "live" boolean GENERATED ALWAYS AS (state in ('open', 'invoiced')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "installments_live_ph_idx" ON "installments" USING btree ("policy_holder_id","due_date") WHERE "installments"."live";--> statement-breakpoint
CREATE INDEX "installments_unpaid_due_idx" ON "installments" USING btree ("due_date","amount","allocated") WHERE "installments"."live" and "installments"."allocated" < "installments"."amount";--> statement-breakpoint
-- Invoicing an installment changes no indexed column (state and invoice_id are in no index, `live` stays
-- true): with room on its page the new row version is written beside the old one and no index is touched
-- (a HOT update). A billing run marks each installment once; 15 % of each page is kept for that.
ALTER TABLE "installments" SET (fillfactor = 85);--> statement-breakpoint
-- No period of a contract chain is invoiced twice (what installments_period_invoiced_uq said, which made
-- every invoicing update write all the indexes): checked once per statement over the rows it invoiced.
-- Writers of one chain are serialised by its contracts' row locks and its payer's ledger lock.
CREATE FUNCTION pactum_installments_invoiced_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  twice record;
BEGIN
  SELECT n.chain_code, n.period_from INTO twice
  FROM (SELECT DISTINCT chain_code, period_from FROM pactum_new WHERE state = 'invoiced') n
  JOIN installments x ON x.chain_code = n.chain_code AND x.period_from = n.period_from AND x.state = 'invoiced'
  GROUP BY n.chain_code, n.period_from HAVING count(*) > 1 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'period % of contract chain % would be invoiced twice', twice.period_from, twice.chain_code
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'installments_period_invoiced_uq';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER installments_period_invoiced_once AFTER UPDATE ON installments
  REFERENCING NEW TABLE AS pactum_new FOR EACH STATEMENT EXECUTE FUNCTION pactum_installments_invoiced_once();--> statement-breakpoint
CREATE TRIGGER installments_period_invoiced_once_ins AFTER INSERT ON installments
  REFERENCING NEW TABLE AS pactum_new FOR EACH STATEMENT EXECUTE FUNCTION pactum_installments_invoiced_once();--> statement-breakpoint
-- An invoice's lines, now with its contract: installments have no index on invoice_id, so an invoice's
-- installments are found through its contract (an invoice bills installments of its own contract).
CREATE OR REPLACE VIEW invoice_line_items AS
  SELECT l.id, i.invoice_id, l.installment_id, l.contract_contribution_detail_id,
    p.name || ' — ' || ins.last_name || ' ' || ins.first_name AS description,
    i.period_from, i.period_to, l.amount, i.contract_id
  FROM installment_lines l
  JOIN installments i ON i.id = l.installment_id AND i.invoice_id IS NOT NULL
  JOIN contract_contribution_details d ON d.id = l.contract_contribution_detail_id
  JOIN contract_details cd ON cd.id = d.contract_detail_id
  JOIN insurees ins ON ins.id = cd.insuree_id
  JOIN contribution_plans p ON p.id = d.contribution_plan_id
  UNION ALL
  SELECT il.id, il.invoice_id, il.installment_id, il.contract_contribution_detail_id, il.description, il.period_from,
    il.period_to, il.amount, v.contract_id
  FROM invoice_lines il JOIN invoices v ON v.id = il.invoice_id WHERE il.installment_id IS NULL;
