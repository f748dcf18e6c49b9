import { z } from "zod";

export const spendRangeSchema = z.object({ days: z.number().int().min(1).max(365).default(30) });
export type SpendRange = z.infer<typeof spendRangeSchema>;

const dayMs = 86_400_000;

export interface UtcDays {
  /** Start of the oldest day (inclusive) and end of today (exclusive). */
  since: Date;
  until: Date;
  /** `YYYY-MM-DD`, oldest first, today last. */
  days: string[];
}

/** The last `count` UTC calendar days, today included. */
export function lastUtcDays(now: number, count: number): UtcDays {
  const today = Math.floor(now / dayMs) * dayMs;
  const since = today - (count - 1) * dayMs;
  return {
    since: new Date(since),
    until: new Date(today + dayMs),
    days: Array.from({ length: count }, (_, index) => new Date(since + index * dayMs).toISOString().slice(0, 10)),
  };
}
