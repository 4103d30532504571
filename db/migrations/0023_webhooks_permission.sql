-- The new permission admin.webhooks (issue 16: partners' webhook endpoints) goes to the standard
-- administrator role of an existing database (new databases get it from DEFAULT_ROLES).
INSERT INTO "role_permissions" ("role_id", "permission")
SELECT "id", 'admin.webhooks' FROM "roles" WHERE "code" = 'admin' AND "is_deleted" = false
ON CONFLICT DO NOTHING;
