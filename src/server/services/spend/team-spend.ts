import { eq } from "drizzle-orm";
import type { VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { rolledUpSpend } from "./rolled-up-spend";
import { spreadOverDays } from "./spend-aggregates";
import { lastUtcDays, type SpendRange } from "./spend-range";

export interface TeamSpendContext {
  gateway: GatewayContext;
  teamId: string;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A key as the spend page names it: alias and preview, never the key; the hash only as an opaque id. */
function keyLabel(id: string, key: VirtualKeyRow | undefined) {
  return { id, alias: key?.keyAlias ?? null, preview: key?.keyName ?? null, inTeam: key !== undefined };
}

/** One team's spend per UTC day, by key and by model, with its budgets. Two grouped queries over the usage rollups. */
export async function teamSpend(ctx: TeamSpendContext, input: SpendRange) {
  // The last requests may still sit in the writer's buffer; the page should show them.
  await ctx.gateway.spend.flush();
  const { database } = ctx.gateway;
  const { db } = database;
  const { teams } = database.tables;
  const range = lastUtcDays(ctx.gateway.now(), input.days);
  const byKey = spreadOverDays(range, await rolledUpSpend(database, ctx.teamId, "key", range));
  const byModel = spreadOverDays(range, await rolledUpSpend(database, ctx.teamId, "model", range));

  // Only this team's keys are named: a key that has since left the team stays an opaque id.
  const teamKeys = await ctx.gateway.keys.keysOfTeam(ctx.teamId);
  const keysById = new Map(teamKeys.map((key) => [key.token, key]));
  const [team] = await db.select().from(teams).where(eq(teams.teamId, ctx.teamId));

  return {
    from: range.days[0],
    to: range.days[range.days.length - 1],
    totals: byKey.totals,
    days: byKey.days.map(({ series, ...day }, index) => ({ ...day, byKey: series, byModel: byModel.days[index].series })),
    keys: byKey.series.map((series) => ({ ...series, ...keyLabel(series.id, keysById.get(series.id)) })),
    models: byModel.series.map(({ id, ...totals }) => ({ model: id, ...totals })),
    budgets: {
      team: team ? { maxBudget: team.maxBudget, spend: team.spend, budgetDuration: team.budgetDuration, resetAt: iso(team.budgetResetAt) } : null,
      keys: teamKeys.map((key) => ({ ...keyLabel(key.token, key), maxBudget: key.maxBudget, spend: key.spend, budgetDuration: key.budgetDuration, resetAt: iso(key.budgetResetAt) })),
    },
  };
}
