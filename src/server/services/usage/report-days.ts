import { z } from "zod";

const dayMs = 86_400_000;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name (`Europe/Paris`, `UTC`) that this runtime knows. */
export const timeZoneSchema = z.string().min(1).max(64).refine(isTimeZone, "Unknown time zone");

/** Milliseconds the zone's clock is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day (`YYYY-MM-DD`) starts in the zone (DST-aware: the offset is read at that instant). */
export function startOfDay(day: string, timeZone: string): number {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = midnightUtc - offsetAt(midnightUtc, timeZone);
  return midnightUtc - offsetAt(guess, timeZone);
}

/** The calendar day of an instant in the zone. */
export function dayIn(instant: number, timeZone: string): string {
  return new Date(instant + offsetAt(instant, timeZone)).toISOString().slice(0, 10);
}

export interface ReportDay {
  day: string;
  /** UTC instants: start inclusive, end exclusive. */
  since: number;
  until: number;
}

/** The last `count` calendar days in the zone, today included, oldest first. */
export function lastDaysIn(now: number, count: number, timeZone: string): ReportDay[] {
  const today = dayIn(now, timeZone);
  const todayUtc = Date.parse(`${today}T00:00:00Z`);
  const names = Array.from({ length: count + 1 }, (_, index) => new Date(todayUtc - (count - 1 - index) * dayMs).toISOString().slice(0, 10));
  return names.slice(0, count).map((day, index) => ({ day, since: startOfDay(day, timeZone), until: startOfDay(names[index + 1], timeZone) }));
}
