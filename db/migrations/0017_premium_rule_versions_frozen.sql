-- A published premium rule version is what approved contracts were valued with: it is frozen. Refuse
-- changing or deleting it at the database level (publishing is the update of a draft, still allowed);
-- a change of rate is a new version with its own validity date.
CREATE OR REPLACE FUNCTION premium_rule_versions_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'premium_rule_versions: a published version cannot change';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER premium_rule_versions_frozen BEFORE UPDATE OR DELETE ON premium_rule_versions
  FOR EACH ROW EXECUTE FUNCTION premium_rule_versions_frozen();
--> statement-breakpoint
-- The new permission product.configure (issue 17) goes to the standard administrator role of an existing
-- installation, as a new installation seeds it (lib/auth/permissions.ts). Other roles are left as an
-- administrator may have shaped them.
INSERT INTO role_permissions (role_id, permission)
  SELECT id, 'product.configure' FROM roles WHERE code = 'admin'
  ON CONFLICT DO NOTHING;
