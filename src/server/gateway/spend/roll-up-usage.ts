import { sql } from "drizzle-orm";
import type { AppDatabase, Database } from "../../db";
import type { NewSpendLogRow, UsageHourlyRow } from "../../db/schema";

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/**
 * Keys and users are many (100,000 keys: nearly every request is a key's only one in its hour),
 * so theirs are summed per UTC day: an hourly row per request would double the writes and the
 * storage of the spend log itself. Models, teams and tags are few: hourly, for any time zone.
 */
export const dailyDimensions: ReadonlySet<UsageHourlyRow["dimension"]> = new Set(["key", "user"]);

/** The bucket a row's start falls in for a dimension: its UTC hour, or its UTC day for keys and users. */
export function bucketOf(dimension: UsageHourlyRow["dimension"], startTime: number): number {
  const size = dailyDimensions.has(dimension) ? dayMs : hourMs;
  return Math.floor(startTime / size) * size;
}
/** Instance-wide series are kept under this team id (no team id is `*`: ids are made by the gateway or an admin's form, and a lookup names a real team). */
export const allTeams = "*";

type Counts = Omit<UsageHourlyRow, "teamId" | "dimension" | "hour" | "value">;

/** The tags a spend row carries, from its JSON list; none when absent or unreadable. */
export function tagsOf(row: Pick<NewSpendLogRow, "tags">): string[] {
  if (!row.tags) return [];
  try {
    const tags: unknown = JSON.parse(row.tags);
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === "string") : [];
  } catch {
    return [];
  }
}

/**
 * A batch of spend rows added up per (team, dimension, UTC hour, value): in memory, so the
 * database sees one upsert per group rather than one per row. Within a team: model, key, user
 * and each tag; instance-wide (team `*`): team, model and tag.
 */
export function rollUpUsage(rows: readonly NewSpendLogRow[]): UsageHourlyRow[] {
  const groups = new Map<string, UsageHourlyRow>();
  const add = (teamId: string, dimension: UsageHourlyRow["dimension"], start: number, value: string, row: NewSpendLogRow) => {
    const hour = bucketOf(dimension, start);
    const id = `${teamId}\u0000${dimension}\u0000${hour}\u0000${value}`;
    let group = groups.get(id);
    if (!group) {
      group = { teamId, dimension, hour, value, requests: 0, failures: 0, unpriced: 0, spend: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
      groups.set(id, group);
    }
    group.requests += 1;
    if (row.status === "failure") group.failures += 1;
    if (row.unpriced) group.unpriced += 1;
    group.spend += row.spend ?? 0;
    group.inputTokens += row.promptTokens ?? 0;
    group.outputTokens += row.completionTokens ?? 0;
    group.cachedTokens += row.cachedTokens ?? 0;
    group.cacheWriteTokens += row.cacheWriteTokens ?? 0;
    group.reasoningTokens += row.reasoningTokens ?? 0;
  };
  for (const row of rows) {
    const hour = row.startTime.getTime();
    const team = row.teamId ?? "";
    const model = row.modelGroup ?? row.model;
    const tags = tagsOf(row);
    add(team, "model", hour, model, row);
    add(team, "key", hour, row.apiKey ?? "", row);
    if (row.userId) add(team, "user", hour, row.userId, row);
    add(allTeams, "team", hour, team, row);
    add(allTeams, "model", hour, model, row);
    for (const tag of tags) {
      add(team, "tag", hour, tag, row);
      add(allTeams, "tag", hour, tag, row);
    }
  }
  return [...groups.values()];
}

const counts: (keyof Counts)[] = ["requests", "failures", "unpriced", "spend", "inputTokens", "outputTokens", "cachedTokens", "cacheWriteTokens", "reasoningTokens"];
/** Groups per statement: 13 parameters each stays under both dialects' limits. */
const groupsPerStatement = 200;

/** Adds the batch's groups to the rollup through `tx`, in the transaction that writes the rows themselves. */
export async function writeUsageRollups(database: Database, tx: AppDatabase, rows: readonly NewSpendLogRow[]): Promise<void> {
  const { usageHourly } = database.tables;
  const groups = rollUpUsage(rows);
  const set = Object.fromEntries(counts.map((name) => [name, sql`${usageHourly[name]} + excluded.${sql.identifier(usageHourly[name].name)}`]));
  for (let start = 0; start < groups.length; start += groupsPerStatement) {
    await tx
      .insert(usageHourly)
      .values(groups.slice(start, start + groupsPerStatement))
      .onConflictDoUpdate({ target: [usageHourly.teamId, usageHourly.dimension, usageHourly.hour, usageHourly.value], set });
  }
}
