import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { affinityDatabase, affinityEpoch, affinityRow, type AffinityDatabase } from "../testing/affinity-database";

const now = affinityEpoch + 60_000;
const expiringAt = (ms: number) => ({ expiresAt: new Date(ms) });

let db: AffinityDatabase;
beforeEach(async () => {
  db = await affinityDatabase();
});
afterEach(async () => {
  // record() never throws: a failed write is held in memory and still found, so check it reached the file.
  expect(db.store.heldRecords).toBe(0);
  await db.close();
});

const refsOf = (rows: { ref: string }[]) => rows.map((row) => row.ref).sort();

describe("AffinityStore.record and find", () => {
  it("finds what was recorded, every field intact", async () => {
    const response = affinityRow("resp_1", { teamId: "team-1", keyToken: "b".repeat(64) });
    const item = affinityRow("rs_1", { deploymentId: "dep-b", credentialHash: "hash-two", keyToken: null });
    await db.store.record([response, item]);
    const found = await db.store.find(["resp_1", "rs_1"], now);
    expect(found.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([response, item]);
  });

  it("finds only the refs asked for", async () => {
    await db.store.record([affinityRow("msg_1"), affinityRow("msg_2"), affinityRow("msg_3")]);
    expect(refsOf(await db.store.find(["msg_2", "msg_404"], now))).toEqual(["msg_2"]);
    expect(await db.store.find(["msg_404"], now)).toEqual([]);
  });

  it("does not return rows that expired, including one expiring this very millisecond", async () => {
    await db.store.record([affinityRow("msg_old", expiringAt(now - 1)), affinityRow("msg_edge", expiringAt(now)), affinityRow("msg_live", expiringAt(now + 1))]);
    expect(refsOf(await db.store.find(["msg_old", "msg_edge", "msg_live"], now))).toEqual(["msg_live"]);
    expect(refsOf(await db.store.find(["msg_old", "msg_edge", "msg_live"], now - 1))).toEqual(["msg_edge", "msg_live"]);
  });

  it("keeps the first record of a ref and ignores later ones (first writer wins)", async () => {
    await db.store.record([affinityRow("resp_1", { deploymentId: "dep-a", credentialHash: "hash-one" })]);
    await expect(db.store.record([affinityRow("resp_1", { deploymentId: "dep-b", credentialHash: "hash-two" }), affinityRow("msg_new")])).resolves.toBeUndefined();
    const found = await db.store.find(["resp_1", "msg_new"], now);
    expect(found.find((row) => row.ref === "resp_1")).toMatchObject({ deploymentId: "dep-a", credentialHash: "hash-one" });
    expect(refsOf(found)).toEqual(["msg_new", "resp_1"]);
  });

  it("ignores a ref repeated within one batch", async () => {
    await db.store.record([affinityRow("msg_1", { deploymentId: "dep-a" }), affinityRow("msg_1", { deploymentId: "dep-b" })]);
    expect(await db.store.find(["msg_1"], now)).toEqual([affinityRow("msg_1", { deploymentId: "dep-a" })]);
  });

  it("returns a row once when its ref is asked for twice", async () => {
    await db.store.record([affinityRow("msg_1")]);
    expect(await db.store.find(["msg_1", "msg_1"], now)).toHaveLength(1);
  });

  // Found by the fuzz (test/integration/fuzz-gateway.test.ts): a Responses input of 40,000 items with ids
  // was one statement with 40,001 parameters, "too many SQL variables", answered as "database unreachable".
  it("looks up more refs than one statement may bind", async () => {
    await db.store.record([affinityRow("msg_39999"), affinityRow("msg_0")]);
    const refs = Array.from({ length: 40_000 }, (_, index) => `msg_${index}`);
    expect(refsOf(await db.store.find(refs, now))).toEqual(["msg_0", "msg_39999"]);
  });

  it("answers a record read once from memory: the next turn of a conversation costs no query", async () => {
    await db.store.record([affinityRow("resp_1")]);
    expect(refsOf(await db.store.find(["resp_1"], now))).toEqual(["resp_1"]);
    // Gone from the file behind the store's back: only memory can still answer.
    db.query("delete from response_affinity where ref = 'resp_1' returning ref");
    expect(await db.store.find(["resp_1"], now)).toEqual([affinityRow("resp_1")]);
    // But not past its expiry.
    expect(await db.store.find(["resp_1"], affinityRow("resp_1").expiresAt.getTime())).toEqual([]);
  });

  it("keeps no misses: a record another instance writes a moment later is found", async () => {
    expect(await db.store.find(["resp_later"], now)).toEqual([]);
    await db.store.record([affinityRow("resp_later")]);
    expect(refsOf(await db.store.find(["resp_later"], now))).toEqual(["resp_later"]);
  });

  it("does nothing for empty input", async () => {
    expect(await db.store.find([], now)).toEqual([]);
    await expect(db.store.record([])).resolves.toBeUndefined();
    expect(db.query("select count(*) as n from response_affinity")).toEqual([{ n: 0 }]);
  });

  it("records and finds 1,000 refs at once", async () => {
    const rows = Array.from({ length: 1_000 }, (_, index) => affinityRow(`msg_${index}`, { deploymentId: `dep-${index % 3}` }));
    await db.store.record(rows);
    const found = await db.store.find(
      rows.map((row) => row.ref),
      now,
    );
    expect(found).toHaveLength(1_000);
    expect(new Set(found.map((row) => row.ref)).size).toBe(1_000);
    expect(found.find((row) => row.ref === "msg_998")?.deploymentId).toBe("dep-2");
  });
});

describe("AffinityStore.record with several instances (each answer's records written before it ends)", () => {
  it("writes the records of answers finishing together in one statement, one write at a time", async () => {
    const insertMany = vi.spyOn(db.database, "insertMany");
    // Three answers in the same moment: one write. A fourth while it is in flight: the next one.
    const together = [db.store.record([affinityRow("resp_1")]), db.store.record([affinityRow("resp_2"), affinityRow("rs_2")]), db.store.record([affinityRow("resp_3")])];
    await Promise.resolve();
    const later = db.store.record([affinityRow("resp_4")]);
    await Promise.all([...together, later]);
    expect(insertMany.mock.calls.map(([, , rows]) => rows.map((row) => row.ref))).toEqual([["resp_1", "resp_2", "rs_2", "resp_3"], ["resp_4"]]);
    expect(refsOf(db.query("select ref from response_affinity") as { ref: string }[])).toEqual(["resp_1", "resp_2", "resp_3", "resp_4", "rs_2"]);
  });

  it("holds every record of a failed group write, serves them from memory and writes them later", async () => {
    vi.spyOn(db.database, "insertMany").mockRejectedValueOnce(new Error("connection terminated"));
    await Promise.all([db.store.record([affinityRow("resp_1")]), db.store.record([affinityRow("resp_2")])]);
    expect(db.store.heldRecords).toBe(2);
    expect(refsOf(await db.store.find(["resp_1", "resp_2"], now))).toEqual(["resp_1", "resp_2"]);
    expect(await db.store.retryHeld()).toBe(2);
    expect(refsOf(db.query("select ref from response_affinity") as { ref: string }[])).toEqual(["resp_1", "resp_2"]);
  });
});

describe("AffinityStore.purgeExpired", () => {
  it("deletes only expired rows (as find sees them) and returns how many", async () => {
    await db.store.record([
      affinityRow("msg_old1", expiringAt(now - 86_400_000)),
      affinityRow("msg_old2", expiringAt(now - 1)),
      affinityRow("msg_edge", expiringAt(now)),
      affinityRow("msg_live1", expiringAt(now + 1)),
      affinityRow("msg_live2", expiringAt(now + 86_400_000)),
    ]);
    expect(await db.store.purgeExpired(now)).toBe(3);
    const left = db.query("select ref from response_affinity order by ref");
    expect(left).toEqual([{ ref: "msg_live1" }, { ref: "msg_live2" }]);
    expect(await db.store.purgeExpired(now)).toBe(0);
  });

  it("returns 0 on an empty table", async () => {
    expect(await db.store.purgeExpired(now)).toBe(0);
  });

  it("lets a purged ref be recorded again with new owners, also once it was read", async () => {
    await db.store.record([affinityRow("resp_1", { deploymentId: "dep-a", ...expiringAt(now + 10) })]);
    expect(await db.store.find(["resp_1"], now)).toMatchObject([{ deploymentId: "dep-a" }]);
    await db.store.purgeExpired(now + 20);
    await db.store.record([affinityRow("resp_1", { deploymentId: "dep-b", ...expiringAt(now + 1_000) })]);
    expect(await db.store.find(["resp_1"], now + 30)).toMatchObject([{ deploymentId: "dep-b" }]);
  });
});
