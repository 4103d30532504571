-- A job's items reference their job, checked once per statement instead of once per row: the foreign key
-- ran one lookup (and one queued trigger event) for each item, 3.9 of the 5.5 s that recording a billing
-- run's million items took. Items are only inserted (with their job, by createJob) and marked; job_id is
-- never updated.
ALTER TABLE "job_items" DROP CONSTRAINT "job_items_job_id_jobs_id_fk";--> statement-breakpoint
CREATE FUNCTION pactum_job_items_job_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing uuid;
BEGIN
  -- KEY SHARE, as the foreign key did: the job cannot be deleted before this transaction ends.
  SELECT n.job_id INTO missing FROM (SELECT DISTINCT job_id FROM pactum_new) n
  LEFT JOIN LATERAL (SELECT j.id FROM jobs j WHERE j.id = n.job_id FOR KEY SHARE) j ON true
  WHERE j.id IS NULL LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert on table "job_items" violates foreign key: job % is not present in table "jobs"', missing
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'job_items_job_id_jobs_id_fk';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER job_items_job_exists AFTER INSERT ON job_items
  REFERENCING NEW TABLE AS pactum_new FOR EACH STATEMENT EXECUTE FUNCTION pactum_job_items_job_exists();--> statement-breakpoint
-- ON DELETE CASCADE, per statement: a deleted job's items go with it.
CREATE FUNCTION pactum_jobs_delete_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM job_items i USING pactum_old o WHERE i.job_id = o.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER jobs_delete_items AFTER DELETE ON jobs
  REFERENCING OLD TABLE AS pactum_old FOR EACH STATEMENT EXECUTE FUNCTION pactum_jobs_delete_items();
