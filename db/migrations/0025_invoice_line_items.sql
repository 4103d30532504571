-- Issue 13: a billing run no longer copies installment lines into invoice_lines. An invoice's lines are
-- the lines of the installments it bills; invoice_lines keeps what was written before (copies, which the
-- view leaves out, and the lines of invoices from before the ledger, which have no installment).
CREATE VIEW invoice_line_items AS
  SELECT l.id, i.invoice_id, l.installment_id, l.contract_contribution_detail_id,
    p.name || ' — ' || ins.last_name || ' ' || ins.first_name AS description,
    i.period_from, i.period_to, l.amount
  FROM installment_lines l
  JOIN installments i ON i.id = l.installment_id AND i.invoice_id IS NOT NULL
  JOIN contract_contribution_details d ON d.id = l.contract_contribution_detail_id
  JOIN contract_details cd ON cd.id = d.contract_detail_id
  JOIN insurees ins ON ins.id = cd.insuree_id
  JOIN contribution_plans p ON p.id = d.contribution_plan_id
  UNION ALL
  SELECT id, invoice_id, installment_id, contract_contribution_detail_id, description, period_from, period_to, amount
  FROM invoice_lines WHERE installment_id IS NULL;
--> statement-breakpoint
-- The app role reads it (ALTER DEFAULT PRIVILEGES do not cover views made before the grant ran).
SELECT pactum_grant_app_role(current_setting('pactum.app_role', true));
