// The "10,000 keys, 100,000 affinity rows" state both benchmarks measure, written straight into a
// running gateway's SQLite file (as its own traffic would have left it). Returns the plain keys.
import { createHash, randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";

export function seedKeysAndAffinity(databasePath, { keyCount = 10_000, affinityRows = 100_000 } = {}) {
  const sqlite = new Database(databasePath);
  sqlite.pragma("busy_timeout = 5000");
  const keys = Array.from({ length: keyCount }, () => `sk-${randomBytes(32).toString("base64url")}`);
  const now = Date.now();
  const insertKey = sqlite.prepare("insert into virtual_keys (token, key_name, models, metadata, created_at, updated_at) values (?, ?, '[]', '{}', ?, ?)");
  const insertAffinity = sqlite.prepare(
    "insert or ignore into response_affinity (ref, kind, deployment_id, credential_hash, model_group, created_at, expires_at) values (?, 'item', 'bench', 'bench', 'reasoner', ?, ?)",
  );
  sqlite.transaction(() => {
    for (const plain of keys) insertKey.run(createHash("sha256").update(plain).digest("hex"), `sk-...${plain.slice(-4)}`, now, now);
    for (let index = 0; index < affinityRows; index++) insertAffinity.run(`rs_bench_${index}`, now, now + 86_400_000);
  })();
  sqlite.close();
  return keys;
}

/** The same state in a PostgreSQL database (the scale-out rows), for these plain keys. */
export async function seedKeysAndAffinityPostgres(databaseUrl, keys, { affinityRows = 100_000 } = {}) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tokens = keys.map((plain) => createHash("sha256").update(plain).digest("hex"));
    await client.query(
      `insert into virtual_keys (token, key_name, models, metadata, created_at, updated_at)
       select token, 'sk-...' || right(token, 4), '[]', '{}', now(), now() from unnest($1::text[]) as token`,
      [tokens],
    );
    await client.query(
      `insert into response_affinity (ref, kind, deployment_id, credential_hash, model_group, created_at, expires_at)
       select 'rs_bench_' || n, 'item', 'bench', 'bench', 'reasoner', now(), now() + interval '1 day' from generate_series(0, $1 - 1) as n
       on conflict do nothing`,
      [affinityRows],
    );
  } finally {
    await client.end();
  }
}
