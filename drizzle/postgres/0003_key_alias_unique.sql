-- Aliases were unique by a check before each write, which two writers at once could both pass.
-- The oldest key keeps a shared alias; each later one becomes "alias (duplicate 2)", "(duplicate 3)"...
-- or no alias, should that name be taken too. The audit log records every rename.
CREATE TEMP TABLE "alias_renames" AS
SELECT "token", "team_id", "key_name", "key_alias" AS "old_alias", "key_alias" || ' (duplicate ' || "n" || ')' AS "new_alias"
FROM (SELECT "token", "team_id", "key_name", "key_alias", row_number() OVER (PARTITION BY "key_alias" ORDER BY "created_at", "token") AS "n" FROM "virtual_keys" WHERE "key_alias" IS NOT NULL) AS "numbered"
WHERE "n" > 1;--> statement-breakpoint
UPDATE "alias_renames" SET "new_alias" = NULL WHERE "new_alias" IN (SELECT "key_alias" FROM "virtual_keys" WHERE "key_alias" IS NOT NULL);--> statement-breakpoint
INSERT INTO "audit_log" ("at", "actor", "team_id", "action", "target_type", "target_id", "details")
SELECT now(), 'migration', "team_id", 'key.updated', 'key', "key_name",
  jsonb_build_object('alias', "new_alias", 'changes', jsonb_build_object('keyAlias', jsonb_build_object('old', "old_alias", 'new', "new_alias")))
FROM "alias_renames";--> statement-breakpoint
UPDATE "virtual_keys" SET "key_alias" = "alias_renames"."new_alias" FROM "alias_renames" WHERE "virtual_keys"."token" = "alias_renames"."token";--> statement-breakpoint
DROP TABLE "alias_renames";--> statement-breakpoint
DROP INDEX "virtual_keys_key_alias";--> statement-breakpoint
CREATE UNIQUE INDEX "virtual_keys_key_alias_unique" ON "virtual_keys" USING btree ("key_alias");
