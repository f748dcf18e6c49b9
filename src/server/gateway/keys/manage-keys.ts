import { eq, inArray } from "drizzle-orm";
import type { AppDatabase } from "../../db";
import type { VirtualKeyRow } from "../../db/schema";
import { isUniqueViolation } from "../../db/unique-violation";
import { writeAudit } from "../audit";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { assertMayManageKeyRoles, type KeyActor } from "./key-authority";
import { keyChanges } from "./key-changes";
import { generateVirtualKey, hashKey, keyPreview } from "./key-format";
import { columnsOf, type KeySettings } from "./key-settings";
import { newKeyRow } from "./new-key-row";

// Every change to a key, through either door (the management API and the dashboard): the same
// checks, then the change and its audit row in one transaction, so neither lands without the
// other. The audit details depend on the change alone, never on the door; they name the key by
// its preview and alias, never its value or hash. The unique index on the alias, not a look-up
// before the write, keeps two keys from sharing one.

export type KeyManagementContext = Pick<GatewayContext, "database" | "keys" | "now">;

/** A new plain key, to be shown this once, with the row it made. */
export interface IssuedKey {
  plainKey: string;
  row: VirtualKeyRow;
}

/** `plainKey`: a key the caller chose (LiteLLM's `key`), else a new random one. */
export async function createVirtualKey(ctx: KeyManagementContext, actor: KeyActor, settings: KeySettings, plainKey = generateVirtualKey()): Promise<IssuedKey> {
  assertMayManageKeyRoles(actor, settings.role ?? "user");
  const teamId = actor.teamId ?? settings.teamId;
  const now = ctx.now();
  const row = await inTransaction(ctx, { alias: settings.keyAlias, tokenParam: "key" }, async (tx) => {
    await assertTeamExists(ctx, tx, teamId);
    const [inserted] = await tx
      .insert(ctx.database.tables.virtualKeys)
      .values({ ...newKeyRow(hashKey(plainKey), keyPreview(plainKey), new Date(now)), ...columnsOf({ ...settings, teamId }, now) })
      .returning();
    await record(ctx, tx, actor, "key.created", inserted);
    return inserted;
  });
  ctx.keys.keysChanged([row.token]);
  return { plainKey, row };
}

export async function updateVirtualKey(ctx: KeyManagementContext, actor: KeyActor, token: string, settings: KeySettings): Promise<VirtualKeyRow> {
  if (actor.teamId !== undefined && settings.teamId !== undefined && settings.teamId !== actor.teamId) {
    throw new GatewayError("invalid_request", "team_id: a key stays in its team here", { param: "team_id" });
  }
  const now = ctx.now();
  return rewriteKey(ctx, actor, token, { alias: settings.keyAlias }, async (tx, before) => {
    assertMayManageKeyRoles(actor, settings.role ?? before.role);
    await assertTeamExists(ctx, tx, settings.teamId);
    return { action: "key.updated", columns: columnsOf(settings, now), details: (after) => ({ changes: keyChanges(before, after) }) };
  });
}

export async function setVirtualKeyBlocked(ctx: KeyManagementContext, actor: KeyActor, token: string, blocked: boolean): Promise<VirtualKeyRow> {
  return rewriteKey(ctx, actor, token, {}, async () => ({ action: blocked ? "key.blocked" : "key.unblocked", columns: { blocked } }));
}

/** The Model access page's per-key list: a rule change in the audit log, made as every key change is. */
export async function setVirtualKeyModels(ctx: KeyManagementContext, actor: KeyActor, token: string, models: string[]): Promise<VirtualKeyRow> {
  return rewriteKey(ctx, actor, token, {}, async (_tx, before) => ({
    action: "rule.key_models_updated",
    columns: { models },
    details: (after) => ({ old: before.models, new: after.models }),
  }));
}

/** A new secret for the same key: its settings and spend stay; the old value stops working at once. */
export async function regenerateVirtualKey(ctx: KeyManagementContext, actor: KeyActor, token: string, plainKey = generateVirtualKey()): Promise<IssuedKey> {
  const newToken = hashKey(plainKey);
  // Not a violation of the primary key, yet as useless as one: the old value would stay valid.
  if (newToken === token) throw tokenTaken("new_key");
  const row = await rewriteKey(ctx, actor, token, { tokenParam: "new_key" }, async () => ({
    action: "key.regenerated",
    columns: { token: newToken, keyName: keyPreview(plainKey) },
  }));
  return { plainKey, row };
}

/** Deletes the keys named by token or alias, all or none; returns what was deleted. */
export async function deleteVirtualKeys(ctx: KeyManagementContext, actor: KeyActor, target: { tokens: readonly string[]; aliases: readonly string[] }): Promise<VirtualKeyRow[]> {
  const { virtualKeys } = ctx.database.tables;
  const rows = await inTransaction(ctx, {}, async (tx) => {
    const found = new Map<string, VirtualKeyRow>();
    for (const token of target.tokens) {
      const row = await keyInReach(ctx, tx, actor, token);
      found.set(row.token, row);
    }
    if (target.aliases.length > 0) {
      const named = (
        await tx
          .select()
          .from(virtualKeys)
          .where(inArray(virtualKeys.keyAlias, [...target.aliases]))
      ).filter((row) => inReach(actor, row));
      if (named.length === 0) throw new GatewayError("not_found", "No key has those aliases", { param: "key_aliases" });
      for (const row of named) found.set(row.token, row);
    }
    assertMayManageKeyRoles(actor, ...[...found.values()].map((row) => row.role));
    await tx.delete(virtualKeys).where(inArray(virtualKeys.token, [...found.keys()]));
    for (const row of found.values()) await record(ctx, tx, actor, "key.deleted", row);
    return [...found.values()];
  });
  ctx.keys.keysChanged(rows.map((row) => row.token));
  return rows;
}

interface Rewrite {
  action: string;
  columns: Partial<VirtualKeyRow>;
  details?: (after: VirtualKeyRow) => Record<string, unknown>;
}

/** Reads the key in reach, lets `plan` check it and say what to write, writes that and its audit row. */
async function rewriteKey(
  ctx: KeyManagementContext,
  actor: KeyActor,
  token: string,
  conflicts: Conflicts,
  plan: (tx: AppDatabase, before: VirtualKeyRow) => Promise<Rewrite>,
): Promise<VirtualKeyRow> {
  const { virtualKeys } = ctx.database.tables;
  const row = await inTransaction(ctx, conflicts, async (tx) => {
    const before = await keyInReach(ctx, tx, actor, token);
    assertMayManageKeyRoles(actor, before.role);
    const { action, columns, details } = await plan(tx, before);
    const [after] = await tx
      .update(virtualKeys)
      .set({ ...columns, updatedAt: new Date(ctx.now()) })
      .where(eq(virtualKeys.token, token))
      .returning();
    await record(ctx, tx, actor, action, after, details?.(after));
    return after;
  });
  ctx.keys.keysChanged(row.token === token ? [token] : [token, row.token]);
  return row;
}

/** What a unique violation means for this change: the alias it sets, or the plain key it chose. */
interface Conflicts {
  alias?: string | null;
  tokenParam?: "key" | "new_key";
}

/**
 * Runs `work` in one transaction. A unique violation becomes the refusal it stands for: two
 * writers that both passed every check reach the index one after the other, and the second is
 * told, as a check before the write would have told it.
 */
async function inTransaction<T>(ctx: KeyManagementContext, conflicts: Conflicts, work: (tx: AppDatabase) => Promise<T>): Promise<T> {
  try {
    return await ctx.database.transaction(work);
  } catch (error) {
    if (conflicts.alias && isUniqueViolation(error, "virtual_keys", "key_alias")) {
      throw new GatewayError("conflict", `A key named "${conflicts.alias}" already exists`, { param: "key_alias", cause: error });
    }
    if (conflicts.tokenParam && isUniqueViolation(error, "virtual_keys", "token")) throw tokenTaken(conflicts.tokenParam);
    throw error;
  }
}

function tokenTaken(param: "key" | "new_key"): GatewayError {
  return new GatewayError("conflict", `${param}: this key already exists`, { param });
}

const inReach = (actor: KeyActor, row: VirtualKeyRow) => actor.teamId === undefined || row.teamId === actor.teamId;

/** The key as the transaction sees it; a key of another team is simply not there for a team member. */
async function keyInReach(ctx: KeyManagementContext, tx: AppDatabase, actor: KeyActor, token: string): Promise<VirtualKeyRow> {
  const { virtualKeys } = ctx.database.tables;
  const [row] = await tx.select().from(virtualKeys).where(eq(virtualKeys.token, token));
  if (!row || !inReach(actor, row)) throw new GatewayError("not_found", actor.teamId === undefined ? "No such key" : "No such key in this team", { param: "key" });
  return row;
}

async function assertTeamExists(ctx: KeyManagementContext, tx: AppDatabase, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const { teams } = ctx.database.tables;
  const [team] = await tx.select({ teamId: teams.teamId }).from(teams).where(eq(teams.teamId, teamId));
  if (!team) throw new GatewayError("invalid_request", `team_id: no team "${teamId}"; create it with POST /team/new`, { param: "team_id" });
}

function record(ctx: KeyManagementContext, tx: AppDatabase, actor: KeyActor, action: string, row: VirtualKeyRow, details: Record<string, unknown> = {}) {
  return writeAudit(tx, ctx.database.tables, new Date(ctx.now()), {
    actor: actor.name,
    teamId: row.teamId,
    action,
    targetType: "key",
    targetId: row.keyName,
    details: { alias: row.keyAlias, ...details },
  });
}
