import { sql } from "drizzle-orm";
import type { GatewayContext } from "../../gateway/context";
import { inRange, spendColumns, spreadOverDays } from "./spend-aggregates";
import { lastUtcDays, type SpendRange } from "./spend-range";

/** Every team's spend per UTC day, for instance admins. One grouped query. */
export async function spendByTeam(gateway: GatewayContext, input: SpendRange) {
  await gateway.spend.flush();
  const { database } = gateway;
  const { spendLogs } = database.tables;
  const { utcDay, totals } = spendColumns(database);
  /** `''` for requests made without a team (the master key, keys outside any team). */
  const teamOf = sql<string>`coalesce(${spendLogs.teamId}, '')`;
  const range = lastUtcDays(gateway.now(), input.days);
  const rows = await database.db
    .select({ day: utcDay, id: teamOf, ...totals })
    .from(spendLogs)
    .where(inRange(database, range))
    .groupBy(utcDay, teamOf);
  const spread = spreadOverDays(range, rows);
  const aliases = new Map((await gateway.keys.listTeams()).map((team) => [team.teamId, team.teamAlias]));
  return {
    from: range.days[0],
    to: range.days[range.days.length - 1],
    totals: spread.totals,
    days: spread.days.map(({ series, ...day }) => ({ ...day, byTeam: series })),
    teams: spread.series.map((series) => ({ ...series, teamId: series.id === "" ? null : series.id, alias: aliases.get(series.id) ?? null })),
  };
}
