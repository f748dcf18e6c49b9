import type { GatewayContext } from "../../gateway/context";
import { allTeams } from "../../gateway/spend/roll-up-usage";
import { rolledUpSpend } from "./rolled-up-spend";
import { spreadOverDays } from "./spend-aggregates";
import { lastUtcDays, type SpendRange } from "./spend-range";

/** Every team's spend per UTC day, for instance admins. One grouped query over the usage rollups. */
export async function spendByTeam(gateway: GatewayContext, input: SpendRange) {
  await gateway.spend.flush();
  const range = lastUtcDays(gateway.now(), input.days);
  /** Team `''` holds requests made without a team (the master key, keys outside any team). */
  const rows = await rolledUpSpend(gateway.database, allTeams, "team", range);
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
