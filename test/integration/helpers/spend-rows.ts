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

/** Until a gateway holds no spend row unwritten (it writes them in batches, each second on SQLite), for at most 5 s. */
export async function untilSpendWritten(gatewayUrl: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const readiness = await fetch(`${gatewayUrl}/health/readiness`).then((response) => response.json());
    if (readiness.pending_spend_rows === 0 || Date.now() > deadline) return;
    await new Promise((done) => setTimeout(done, 50));
  }
}
