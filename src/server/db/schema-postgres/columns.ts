import { timestamp } from "drizzle-orm/pg-core";

/** Milliseconds-precision instants, read back as `Date` exactly as SQLite's `timestamp_ms` columns are. */
export const instant = (name: string) => timestamp(name, { mode: "date", withTimezone: true, precision: 3 });
