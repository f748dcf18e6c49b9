const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const longestMs = 100 * 366 * units.d;

/** LiteLLM's durations: `30s`, `10m`, `2h`, `30d`, `1w`, `1mo`. Undefined when malformed. */
export function parseDuration(text: string): { amount: number; unit: "s" | "m" | "h" | "d" | "w" | "mo" } | undefined {
  const match = /^(\d+)(s|m|h|d|w|mo)$/.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (!Number.isSafeInteger(amount) || amount <= 0) return undefined;
  // Beyond a century a date overflows (or is a typo): refused, not silently stored as "never".
  if (amount * (match[2] === "mo" ? 30 * units.d : units[match[2]]) > longestMs) return undefined;
  return { amount, unit: match[2] as "s" | "m" | "h" | "d" | "w" | "mo" };
}

export function isValidDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** The time `duration` after `from`; calendar months for `mo`, so a monthly budget resets on the same day. */
export function addDuration(from: number, duration: string): number {
  const parsed = parseDuration(duration);
  if (!parsed) throw new Error(`Invalid duration "${duration}"`);
  if (parsed.unit === "mo") {
    const date = new Date(from);
    const day = date.getUTCDate();
    // From the 1st, so Jan 31 + 1mo ends on Feb 28/29 rather than spilling into March.
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + parsed.amount);
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
    return date.getTime();
  }
  return from + parsed.amount * units[parsed.unit];
}
