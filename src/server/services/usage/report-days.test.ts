import { describe, expect, it } from "vitest";
import { dayIn, lastDaysIn, startOfDay, timeZoneSchema } from "./report-days";

describe("report days", () => {
  it("start at local midnight, DST included", () => {
    expect(new Date(startOfDay("2026-07-01", "Europe/Paris")).toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(new Date(startOfDay("2026-12-01", "Europe/Paris")).toISOString()).toBe("2026-11-30T23:00:00.000Z");
    expect(new Date(startOfDay("2026-12-01", "America/Los_Angeles")).toISOString()).toBe("2026-12-01T08:00:00.000Z");
    expect(new Date(startOfDay("2026-12-01", "Asia/Kolkata")).toISOString()).toBe("2026-11-30T18:30:00.000Z");
  });

  it("cover the last days back to back, today last, with a 23-hour day at the DST change", () => {
    const now = Date.parse("2026-03-30T10:00:00Z");
    const days = lastDaysIn(now, 3, "Europe/Paris");
    expect(days.map((day) => day.day)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(days[1].until - days[1].since).toBe(23 * 3_600_000);
    expect(days[0].until).toBe(days[1].since);
    expect(dayIn(Date.parse("2026-03-30T23:30:00Z"), "Europe/Paris")).toBe("2026-03-31");
    expect(lastDaysIn(now, 1, "UTC")).toEqual([{ day: "2026-03-30", since: Date.parse("2026-03-30T00:00:00Z"), until: Date.parse("2026-03-31T00:00:00Z") }]);
  });

  it("take known time zones only", () => {
    expect(timeZoneSchema.safeParse("Europe/Paris").success).toBe(true);
    expect(timeZoneSchema.safeParse("Mars/Olympus").success).toBe(false);
  });
});
