import type { VirtualKeyRow } from "../../db/schema";
import { addDuration } from "./durations";

/**
 * The settings either door may set on a key, by their stored names; what is left out stays as it
 * is. `duration`: how long from now the key lives (null: no expiry). A `budgetDuration` starts a
 * new budget period from now.
 */
export type KeySettings = Partial<
  Pick<VirtualKeyRow, "keyAlias" | "teamId" | "userId" | "role" | "models" | "maxBudget" | "budgetDuration" | "rpmLimit" | "tpmLimit" | "metadata" | "blocked">
> & { duration?: string | null };

/** The columns these settings write at `now`. */
export function columnsOf(settings: KeySettings, now: number): Partial<VirtualKeyRow> {
  const { duration, ...given } = settings;
  const columns: Partial<VirtualKeyRow> = Object.fromEntries(Object.entries(given).filter((entry) => entry[1] !== undefined));
  if (settings.budgetDuration !== undefined) columns.budgetResetAt = settings.budgetDuration ? new Date(addDuration(now, settings.budgetDuration)) : null;
  if (duration !== undefined) columns.expires = duration ? new Date(addDuration(now, duration)) : null;
  return columns;
}
