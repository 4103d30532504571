-- Issue 14: the new permissions go to the standard roles of an existing database (new databases get
-- them from DEFAULT_ROLES): collection.manage (SEPA settings, mandates, collection runs, bank
-- reconciliation) to administrators and approvers, portal.mandate.write to the portal role.
INSERT INTO "role_permissions" ("role_id", "permission")
SELECT "id", 'collection.manage' FROM "roles" WHERE "code" IN ('admin', 'approver') AND "is_deleted" = false
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "role_permissions" ("role_id", "permission")
SELECT "id", 'portal.mandate.write' FROM "roles" WHERE "code" = 'portal' AND "is_deleted" = false
ON CONFLICT DO NOTHING;
