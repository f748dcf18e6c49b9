import { csvStream } from "../export/csv";
import { fetchLogPage, keyNamesOf, logSummary } from "./list-request-logs";
import type { LogScope } from "./log-scope";
import type { Cursor, RequestLogFilters } from "./request-log-filters";

const rowsPerPage = 1000;
const header = [
  "request_id",
  "start_time",
  "duration_ms",
  "team_id",
  "key_alias",
  "key_preview",
  "call_type",
  "model",
  "model_group",
  "deployment",
  "status",
  "status_code",
  "spend",
  "unpriced",
  "input_tokens",
  "output_tokens",
  "tags",
];

/** The request logs under these filters as CSV, read a page at a time while the client downloads (the caller authorised the scope). */
export async function exportRequestLogs(scope: LogScope, filters: RequestLogFilters): Promise<ReadableStream<Uint8Array>> {
  await scope.gateway.spend.flush();
  // The range is fixed at the start, so rows that arrive during the download do not shift the pages.
  const now = scope.gateway.now();
  const fixed = { ...filters, to: filters.to ?? now + 60_000 };
  return csvStream(header, async function* () {
    let cursor: Cursor | undefined;
    for (;;) {
      const page = await fetchLogPage(scope, fixed, cursor, rowsPerPage);
      const names = await keyNamesOf(scope, page.rows);
      yield page.rows.map((row) => {
        const log = logSummary(row, names);
        return [
          log.requestId,
          new Date(log.startTime).toISOString(),
          log.durationMs,
          log.teamId,
          log.keyAlias,
          log.keyPreview,
          log.callType,
          log.model,
          log.modelGroup,
          log.deployment,
          log.status,
          log.statusCode,
          log.spend,
          log.unpriced,
          log.inputTokens,
          log.outputTokens,
          log.tags.join(" "),
        ];
      });
      if (!page.next) return;
      cursor = page.next;
    }
  });
}
