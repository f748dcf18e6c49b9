import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { affinityDatabase, affinityEpoch, affinityRow, type AffinityDatabase } from "../testing/affinity-database";

const now = affinityEpoch + 60_000;
const expiringAt = (ms: number) => ({ expiresAt: new Date(ms) });

let db: AffinityDatabase;
beforeEach(() => {
  db = affinityDatabase();
});
afterEach(() => db.close());

const refsOf = (rows: { ref: string }[]) => rows.map((row) => row.ref).sort();

describe("AffinityStore.record and find", () => {
  it("finds what was recorded, every field intact", () => {
    const response = affinityRow("resp_1", { teamId: "team-1", keyToken: "b".repeat(64) });
    const item = affinityRow("rs_1", { deploymentId: "dep-b", credentialHash: "hash-two", keyToken: null });
    db.store.record([response, item]);
    const found = db.store.find(["resp_1", "rs_1"], now);
    expect(found.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([response, item]);
  });

  it("finds only the refs asked for", () => {
    db.store.record([affinityRow("msg_1"), affinityRow("msg_2"), affinityRow("msg_3")]);
    expect(refsOf(db.store.find(["msg_2", "msg_404"], now))).toEqual(["msg_2"]);
    expect(db.store.find(["msg_404"], now)).toEqual([]);
  });

  it("does not return rows that expired, including one expiring this very millisecond", () => {
    db.store.record([affinityRow("msg_old", expiringAt(now - 1)), affinityRow("msg_edge", expiringAt(now)), affinityRow("msg_live", expiringAt(now + 1))]);
    expect(refsOf(db.store.find(["msg_old", "msg_edge", "msg_live"], now))).toEqual(["msg_live"]);
    expect(refsOf(db.store.find(["msg_old", "msg_edge", "msg_live"], now - 1))).toEqual(["msg_edge", "msg_live"]);
  });

  it("keeps the first record of a ref and ignores later ones (first writer wins)", () => {
    db.store.record([affinityRow("resp_1", { deploymentId: "dep-a", credentialHash: "hash-one" })]);
    expect(() => db.store.record([affinityRow("resp_1", { deploymentId: "dep-b", credentialHash: "hash-two" }), affinityRow("msg_new")])).not.toThrow();
    const found = db.store.find(["resp_1", "msg_new"], now);
    expect(found.find((row) => row.ref === "resp_1")).toMatchObject({ deploymentId: "dep-a", credentialHash: "hash-one" });
    expect(refsOf(found)).toEqual(["msg_new", "resp_1"]);
  });

  it("ignores a ref repeated within one batch", () => {
    db.store.record([affinityRow("msg_1", { deploymentId: "dep-a" }), affinityRow("msg_1", { deploymentId: "dep-b" })]);
    expect(db.store.find(["msg_1"], now)).toEqual([affinityRow("msg_1", { deploymentId: "dep-a" })]);
  });

  it("returns a row once when its ref is asked for twice", () => {
    db.store.record([affinityRow("msg_1")]);
    expect(db.store.find(["msg_1", "msg_1"], now)).toHaveLength(1);
  });

  it("does nothing for empty input", () => {
    expect(db.store.find([], now)).toEqual([]);
    expect(() => db.store.record([])).not.toThrow();
    expect(db.database.sqlite.prepare("select count(*) as n from response_affinity").get()).toEqual({ n: 0 });
  });

  it("records and finds 1,000 refs at once", () => {
    const rows = Array.from({ length: 1_000 }, (_, index) => affinityRow(`msg_${index}`, { deploymentId: `dep-${index % 3}` }));
    db.store.record(rows);
    const found = db.store.find(
      rows.map((row) => row.ref),
      now,
    );
    expect(found).toHaveLength(1_000);
    expect(new Set(found.map((row) => row.ref)).size).toBe(1_000);
    expect(found.find((row) => row.ref === "msg_998")?.deploymentId).toBe("dep-2");
  });
});

describe("AffinityStore.purgeExpired", () => {
  it("deletes only expired rows (as find sees them) and returns how many", () => {
    db.store.record([
      affinityRow("msg_old1", expiringAt(now - 86_400_000)),
      affinityRow("msg_old2", expiringAt(now - 1)),
      affinityRow("msg_edge", expiringAt(now)),
      affinityRow("msg_live1", expiringAt(now + 1)),
      affinityRow("msg_live2", expiringAt(now + 86_400_000)),
    ]);
    expect(db.store.purgeExpired(now)).toBe(3);
    const left = db.database.sqlite.prepare("select ref from response_affinity order by ref").all();
    expect(left).toEqual([{ ref: "msg_live1" }, { ref: "msg_live2" }]);
    expect(db.store.purgeExpired(now)).toBe(0);
  });

  it("returns 0 on an empty table", () => {
    expect(db.store.purgeExpired(now)).toBe(0);
  });

  it("lets a purged ref be recorded again with new owners", () => {
    db.store.record([affinityRow("resp_1", { deploymentId: "dep-a", ...expiringAt(now - 1) })]);
    db.store.purgeExpired(now);
    db.store.record([affinityRow("resp_1", { deploymentId: "dep-b", ...expiringAt(now + 1_000) })]);
    expect(db.store.find(["resp_1"], now)).toMatchObject([{ deploymentId: "dep-b" }]);
  });
});
