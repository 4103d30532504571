-- The audit log is evidence. 0001 refuses UPDATE and DELETE row by row; TRUNCATE fires no row trigger,
-- so it needs a statement trigger of its own.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- Owner/app role split. Migrations run as the owner of the tables (who could still disable a trigger);
-- in production the app connects as a separate login role that owns nothing: it may read and write the
-- business tables but only INSERT and SELECT the audit log. This function (re)grants exactly that to the
-- role it is given, if that role exists. db/migrate.ts calls it after every migration run with
-- PACTUM_APP_ROLE, so tables added by later migrations are granted too.
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
  RETURN true;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Applied at once when the migration runs with the setting (db/migrate.ts sets pactum.app_role from
-- PACTUM_APP_ROLE); a no-op otherwise.
SELECT pactum_grant_app_role(current_setting('pactum.app_role', true));
