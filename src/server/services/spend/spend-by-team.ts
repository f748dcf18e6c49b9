import { sql } from "drizzle-orm";
import { spendLogs } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { inRange, spreadOverDays, totalsColumns, utcDay } from "./spend-aggregates";
import { lastUtcDays, type SpendRange } from "./spend-range";

/** `''` for requests made without a team (the master key, keys outside any team). */
const teamOf = sql<string>`coalesce(${spendLogs.teamId}, '')`;

/** Every team's spend per UTC day, for instance admins. One grouped query. */
export function spendByTeam(gateway: GatewayContext, input: SpendRange) {
  gateway.spend.flush();
  const range = lastUtcDays(gateway.now(), input.days);
  const rows = gateway.database.db.select({ day: utcDay, id: teamOf, ...totalsColumns }).from(spendLogs).where(inRange(range)).groupBy(utcDay, teamOf).all();
  const spread = spreadOverDays(range, rows);
  const aliases = new Map(gateway.keys.listTeams().map((team) => [team.teamId, team.teamAlias]));
  return {
    from: range.days[0],
    to: range.days[range.days.length - 1],
    totals: spread.totals,
    days: spread.days.map(({ series, ...day }) => ({ ...day, byTeam: series })),
    teams: spread.series.map((series) => ({ ...series, teamId: series.id === "" ? null : series.id, alias: aliases.get(series.id) ?? null })),
  };
}
