import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { affinityDatabase, affinityRow, type AffinityDatabase } from "../gateway/testing/affinity-database";

// A transaction that waits on real I/O while other requests write: what they were told landed
// must still be there after the transaction rolls back.

let bed: AffinityDatabase;
beforeEach(async () => {
  bed = await affinityDatabase();
});
afterEach(async () => {
  await bed.close();
});

const refs = () => (bed.query("select ref from response_affinity order by ref") as { ref: string }[]).map((row) => row.ref);

/** A transaction that writes a row, waits `ms` on a timer (real I/O would do the same), then fails. */
function failingTransaction(ms: number) {
  return bed.database.transaction(async (tx) => {
    await tx.insert(bed.database.tables.responseAffinity).values(affinityRow("resp_rolled_back"));
    await sleep(ms);
    throw new Error("the transaction's own work failed");
  });
}

describe("SQLite transactions and the writes around them", () => {
  it("an affinity record written while a transaction waits survives that transaction's rollback", async () => {
    const failing = failingTransaction(120);
    await sleep(20);
    // Another request's answer records its affinity; record() never throws, so the request goes on as if it landed.
    await bed.store.record([affinityRow("resp_other_request")]);
    await expect(failing).rejects.toThrow("the transaction's own work failed");
    // What the store's timer does for records the database could not take at once.
    await bed.store.retryHeld();
    expect(refs()).toEqual(["resp_other_request"]);
  });

  it("a plain write made while a transaction waits is refused or kept, never acknowledged and then lost", async () => {
    const failing = failingTransaction(120);
    await sleep(20);
    const outcome = await bed.database.db
      .insert(bed.database.tables.responseAffinity)
      .values(affinityRow("resp_plain_write"))
      .then(
        () => "acknowledged",
        () => "refused",
      );
    await expect(failing).rejects.toThrow();
    expect(refs()).toEqual(outcome === "acknowledged" ? ["resp_plain_write"] : []);
  });

  it("a batch written while a transaction waits is kept for the next try", async () => {
    const failing = failingTransaction(120);
    await sleep(20);
    const written = await bed.database.insertMany(bed.database.db, bed.database.tables.responseAffinity, [affinityRow("resp_batch_1"), affinityRow("resp_batch_2")]).then(
      () => true,
      () => false,
    );
    await expect(failing).rejects.toThrow();
    if (!written) await bed.database.insertMany(bed.database.db, bed.database.tables.responseAffinity, [affinityRow("resp_batch_1"), affinityRow("resp_batch_2")]);
    expect(refs()).toEqual(["resp_batch_1", "resp_batch_2"]);
  });

  it("a transaction's writes land together and are read through the main connection at once", async () => {
    await bed.database.transaction(async (tx) => {
      await bed.database.insertMany(tx, bed.database.tables.responseAffinity, [affinityRow("resp_a"), affinityRow("resp_b")]);
      const [{ count }] = await bed.database.rows<{ count: number }>(tx, sql`select count(*) as count from response_affinity`);
      expect(count).toBe(2);
    });
    expect(refs()).toEqual(["resp_a", "resp_b"]);
    expect(await bed.store.find(["resp_a"], Date.UTC(2026, 1, 17, 13))).toHaveLength(1);
  });
});
