-- Issue 13: a billing run chunk marks its installments invoiced before it takes the year's invoice
-- counter (the one serial step of runs working side by side) and inserts the invoices after it; the
-- installment -> invoice reference is checked at commit in that transaction (SET CONSTRAINTS ... DEFERRED),
-- immediately everywhere else.
ALTER TABLE "installments" ALTER CONSTRAINT "installments_invoice_id_invoices_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
