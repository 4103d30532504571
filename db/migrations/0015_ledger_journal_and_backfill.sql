-- The journal is the accountants' evidence, like the audit log: rows are only ever appended.
CREATE OR REPLACE FUNCTION journal_lines_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'journal_lines is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_lines_append_only();
--> statement-breakpoint
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION journal_lines_append_only();
--> statement-breakpoint
-- The app role may only read and append the journal, as the audit log (0009).
CREATE OR REPLACE FUNCTION pactum_grant_app_role(app_role text) RETURNS boolean AS $$
BEGIN
  IF app_role IS NULL OR app_role = '' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
    RETURN false;
  END IF;
  IF app_role = current_user THEN
    RAISE EXCEPTION 'the app role (%) must not be the role that runs the migrations', app_role;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON audit_log TO %I', app_role);
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON journal_lines FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal_lines TO %I', app_role);
  RETURN true;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT pactum_grant_app_role(current_setting('pactum.app_role', true));
--> statement-breakpoint
-- Data recorded before the ledger (payment requests, receipts, whole-contract invoices) is carried over,
-- so that an approved contract keeps what it asked for and what it received: one installment per live
-- approved contract (its whole period, its contribution lines' value), invoiced when an invoice was
-- issued for it, and one receipt per old receipt of its chain, allocated in date order up to the
-- installment. Contracts that already have installments are left alone, so it can run again. The old
-- tables stay as they were. (The journal starts with the ledger: it holds no entry for older documents.)
CREATE OR REPLACE FUNCTION pactum_backfill_ledger() RETURNS integer AS $$
DECLARE
  n integer;
BEGIN
  DROP TABLE IF EXISTS _legacy, _receipts;
  CREATE TEMP TABLE _legacy ON COMMIT DROP AS
    SELECT c.id AS contract_id, c.code, c.policy_holder_id, c.date_valid_from, c.date_valid_to,
      coalesce(c.date_payment_due, c.date_valid_from) AS due_date,
      coalesce((SELECT sum(l.amount) FROM contract_contribution_details l WHERE l.contract_id = c.id AND NOT l.is_deleted), 0) AS amount,
      (SELECT i.id FROM invoices i WHERE i.contract_id = c.id AND NOT i.is_deleted ORDER BY i.number DESC LIMIT 1) AS invoice_id,
      gen_random_uuid() AS installment_id
    FROM contracts c
    WHERE c.state IN (5, 7, 10) AND NOT c.is_deleted
      AND NOT EXISTS (SELECT 1 FROM installments x WHERE x.chain_code = c.code)
      AND c.amendment = (SELECT max(o.amendment) FROM contracts o WHERE o.code = c.code AND NOT o.is_deleted AND o.state IN (5, 7, 10));
  INSERT INTO installments (id, contract_id, chain_code, policy_holder_id, seq, period_from, period_to, due_date,
      amount, state, invoice_id, required_before_effective)
    SELECT installment_id, contract_id, code, policy_holder_id, 1, date_valid_from, date_valid_to, due_date,
      amount, CASE WHEN invoice_id IS NULL THEN 'open' ELSE 'invoiced' END, invoice_id, true
    FROM _legacy;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO installment_lines (installment_id, contract_contribution_detail_id, amount)
    SELECT g.installment_id, l.id, l.amount FROM _legacy g
    JOIN contract_contribution_details l ON l.contract_id = g.contract_id AND NOT l.is_deleted;
  UPDATE invoices i SET policy_holder_id = c.policy_holder_id, due_date = coalesce(i.due_date, c.date_payment_due)
    FROM contracts c WHERE c.id = i.contract_id AND i.policy_holder_id IS NULL;
  -- Old receipts of each chain, oldest first, paying the chain's installment up to its amount.
  CREATE TEMP TABLE _receipts ON COMMIT DROP AS
    SELECT r.id AS old_id, gen_random_uuid() AS receipt_id, g.installment_id, g.contract_id AS live_contract,
      p.contract_id, g.code, g.policy_holder_id, r.amount, r.received_at, r.receipt_number, r.created_at,
      greatest(0, least(r.amount, g.amount - coalesce(sum(r.amount) OVER (PARTITION BY g.installment_id
        ORDER BY r.received_at, r.created_at, r.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS alloc
    FROM payment_receipts r
    JOIN payments p ON p.id = r.payment_id
    JOIN contracts pc ON pc.id = p.contract_id
    JOIN _legacy g ON g.code = pc.code
    WHERE NOT r.is_deleted AND NOT EXISTS (SELECT 1 FROM receipts x WHERE x.receipt_number = r.receipt_number);
  INSERT INTO receipts (id, policy_holder_id, contract_id, chain_code, receipt_number, amount, received_at, allocated, created_at)
    SELECT receipt_id, policy_holder_id, contract_id, code, receipt_number, amount, received_at, alloc, created_at FROM _receipts;
  INSERT INTO allocations (receipt_id, installment_id, amount, allocated_on, created_at)
    SELECT receipt_id, installment_id, alloc, received_at, created_at FROM _receipts WHERE alloc > 0;
  UPDATE installments i SET allocated = s.total
    FROM (SELECT installment_id, sum(alloc) AS total FROM _receipts GROUP BY installment_id) s
    WHERE i.id = s.installment_id;
  UPDATE invoices i SET amount_paid = x.allocated,
      state = CASE WHEN x.allocated >= i.total THEN 'paid' WHEN x.allocated > 0 THEN 'partially_paid' ELSE 'issued' END
    FROM installments x WHERE x.invoice_id = i.id AND x.state = 'invoiced' AND x.id IN (SELECT installment_id FROM _legacy);
  RETURN n;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
SELECT pactum_backfill_ledger();
