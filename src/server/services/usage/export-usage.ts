import { csvStream } from "../export/csv";
import { allTeams, dailyDimensions } from "../../gateway/spend/roll-up-usage";
import { lastDaysIn } from "./report-days";
import { checkDimension, labelOf, labelsFor, usageQuery, type UsageReportInput, type UsageTotals } from "./usage-report";
import type { UsageScope } from "./usage-scope";

const header = [
  "day",
  "time_zone",
  "dimension",
  "value",
  "label",
  "requests",
  "failures",
  "unpriced",
  "spend",
  "input_tokens",
  "output_tokens",
  "cached_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
];

/** Usage per day and value of one dimension as CSV, a day at a time (the caller authorised the scope). */
export async function exportUsage(scope: UsageScope, input: UsageReportInput): Promise<ReadableStream<Uint8Array>> {
  await scope.gateway.spend.flush();
  const { database } = scope.gateway;
  const days = lastDaysIn(scope.gateway.now(), input.days, input.timeZone);
  const by = checkDimension(scope.teamId, input.by);
  return csvStream(header, async function* () {
    for (const day of days) {
      const rows = await database.rows<UsageTotals & { day: string; value: string }>(database.db, usageQuery(database, scope.teamId ?? allTeams, by, [day]));
      const labels = await labelsFor(
        scope,
        by,
        rows.map((row) => row.value),
      );
      yield rows.map((row) => [
        row.day,
        dailyDimensions.has(by) ? "UTC" : input.timeZone,
        by,
        // A key is named, never given by its hash alone.
        by === "key" ? "" : row.value,
        labelOf(by, row.value, labels),
        Number(row.requests),
        Number(row.failures),
        Number(row.unpriced),
        Number(row.spend),
        Number(row.inputTokens),
        Number(row.outputTokens),
        Number(row.cachedTokens),
        Number(row.cacheWriteTokens),
        Number(row.reasoningTokens),
      ]);
    }
  });
}
