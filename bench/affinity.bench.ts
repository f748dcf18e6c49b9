import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bench, describe } from "vitest";
import { checkpointPeriodically, openDatabase } from "../src/server/db";
import { findMigrationsFolder } from "../src/server/db/migrate";
import type { AffinityRow } from "../src/server/db/schema";
import { AffinityStore } from "../src/server/gateway/affinity/affinity-store";
import { encryptedFingerprint } from "../src/server/gateway/affinity/refs";

// What Responses affinity adds to a request on the SQLite default, with 100,000 records stored.
const database = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), "switchyard-affinity-bench-")), "bench.db")}`);
await database.migrate(findMigrationsFolder(process.cwd()));
checkpointPeriodically(database.sqlite!); // as the gateway does
const store = new AffinityStore(database);
const now = Date.now();
const row = (ref: string): AffinityRow => ({
  ref,
  kind: "item",
  deploymentId: "deployment-a",
  credentialHash: "0123456789abcdef0123456789abcdef",
  modelGroup: "reasoner",
  keyToken: "k".repeat(64),
  teamId: null,
  createdAt: new Date(now),
  expiresAt: new Date(now + 86_400_000),
});
for (let batch = 0; batch < 100; batch++) await store.record(Array.from({ length: 1000 }, (_, index) => row(`rs_${batch}_${index}`)));
let written = 0;

describe("Responses affinity on SQLite with 100,000 records", () => {
  bench("look-up: previous_response_id + 2 item ids + 1 fingerprint (one indexed query)", async () => {
    await store.find(["rs_50_1", "rs_99_999", "msg_unknown", encryptedFingerprint("blob")], now);
  });
  bench("write: a response id, 2 item ids and 1 fingerprint (one multi-row insert)", async () => {
    written++;
    await store.record([row(`resp_w${written}`), row(`rs_w${written}`), row(`msg_w${written}`), row(encryptedFingerprint(`blob${written}`))]);
  });
});
