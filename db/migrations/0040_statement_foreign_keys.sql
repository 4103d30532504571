-- Foreign keys checked once per statement, for the tables written a few thousand rows a statement (a
-- billing run's invoices, a job's items): a foreign key runs one lookup, and queues one trigger event, per
-- row (an invoice's contract: 4.7 ms of each 2,000-invoice chunk, inside the run's serial step).
-- pactum_references(column, table), AFTER INSERT OR UPDATE ... REFERENCING NEW TABLE AS pactum_new: every
-- non-null value of the column is the id of a row of the table, locked KEY SHARE as a foreign key locks it
-- (that row cannot be deleted before this transaction ends).
CREATE FUNCTION pactum_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  EXECUTE format('SELECT n.k::text FROM (SELECT DISTINCT %1$I AS k FROM pactum_new WHERE %1$I IS NOT NULL) n
    LEFT JOIN LATERAL (SELECT p.id FROM %2$I p WHERE p.id = n.k FOR KEY SHARE) p ON true
    WHERE p.id IS NULL LIMIT 1', TG_ARGV[0], TG_ARGV[1]) INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key: %=% is not present in table "%"',
      TG_TABLE_NAME, TG_ARGV[0], missing, TG_ARGV[1]
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
        CONSTRAINT = TG_TABLE_NAME || '_' || TG_ARGV[0] || '_' || TG_ARGV[1] || '_id_fk';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- pactum_referenced(table, column), AFTER DELETE ... REFERENCING OLD TABLE AS pactum_old: ON DELETE NO
-- ACTION, refused while a row of the table references a deleted row.
CREATE FUNCTION pactum_referenced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  used text;
BEGIN
  EXECUTE format('SELECT o.id::text FROM pactum_old o WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.%2$I = o.id) LIMIT 1',
    TG_ARGV[0], TG_ARGV[1]) INTO used;
  IF used IS NOT NULL THEN
    RAISE EXCEPTION 'delete on table "%" violates foreign key: id=% is still referenced from table "%"',
      TG_TABLE_NAME, used, TG_ARGV[0]
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME,
        CONSTRAINT = TG_ARGV[0] || '_' || TG_ARGV[1] || '_' || TG_TABLE_NAME || '_id_fk';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_contract_id_contracts_id_fk";--> statement-breakpoint
CREATE TRIGGER invoices_contract_fk_ins AFTER INSERT ON invoices REFERENCING NEW TABLE AS pactum_new
  FOR EACH STATEMENT EXECUTE FUNCTION pactum_references('contract_id', 'contracts');--> statement-breakpoint
CREATE TRIGGER invoices_contract_fk_upd AFTER UPDATE ON invoices REFERENCING NEW TABLE AS pactum_new
  FOR EACH STATEMENT EXECUTE FUNCTION pactum_references('contract_id', 'contracts');--> statement-breakpoint
CREATE TRIGGER contracts_invoices_fk AFTER DELETE ON contracts REFERENCING OLD TABLE AS pactum_old
  FOR EACH STATEMENT EXECUTE FUNCTION pactum_referenced('invoices', 'contract_id');--> statement-breakpoint
-- A job's items (migration 0039) through the same function.
DROP TRIGGER job_items_job_exists ON job_items;--> statement-breakpoint
DROP FUNCTION pactum_job_items_job_exists();--> statement-breakpoint
CREATE TRIGGER job_items_job_fk AFTER INSERT ON job_items REFERENCING NEW TABLE AS pactum_new
  FOR EACH STATEMENT EXECUTE FUNCTION pactum_references('job_id', 'jobs');
