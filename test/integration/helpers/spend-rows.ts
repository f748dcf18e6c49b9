import Database from "better-sqlite3";

/** Spend rows in a gateway's SQLite file by status (`{ success: 12, failure: 2 }`), read without disturbing the gateway. */
export function spendRowsByStatus(databasePath: string): Record<string, number> {
  const database = new Database(databasePath, { readonly: true });
  try {
    const rows = database.prepare("select status, count(*) as count from spend_logs group by status").all() as Array<{ status: string; count: number }>;
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  } finally {
    database.close();
  }
}
