import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { masterKey, startHarness, type Harness } from "../testing/gateway-harness";
import { bucketOf, rollUpUsage, tagsOf } from "./roll-up-usage";

// What a request leaves for the request logs and the Usage page: the spend row's new columns,
// filled at write time, and the hourly (daily for keys and users) rollups written with it.
let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

describe("a request's spend row", () => {
  it("records the key's user and the tags from the body and x-litellm-tags, and the rollups count it once per dimension", async () => {
    const created = await harness.call("POST", "/key/generate", { key: masterKey, body: { user_id: "alice", key_alias: "tagged" } });
    const { key } = (await created.json()) as { key: string };
    const response = await harness.call("POST", "/v1/chat/completions", {
      key,
      headers: { "x-litellm-tags": "nightly, eval" },
      body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], metadata: { tags: ["batch"] } },
    });
    expect(response.status).toBe(200);
    const { ctx } = harness.gateway;
    await ctx.spend.flush();
    const { spendLogs, usageHourly } = ctx.database.tables;
    const [row] = await ctx.database.db
      .select()
      .from(spendLogs)
      .where(eq(spendLogs.requestId, response.headers.get("x-switchyard-request-id")!));
    expect(row.userId).toBe("alice");
    expect(tagsOf(row).sort()).toEqual(["batch", "eval", "nightly"]);
    expect(row.attemptedFallbacks).toBe(0);
    const rollups = await ctx.database.db.select().from(usageHourly);
    const count = (dimension: string, value: string) =>
      rollups.filter((rollup) => rollup.dimension === dimension && rollup.value === value).reduce((sum, rollup) => sum + rollup.requests, 0);
    expect(count("user", "alice")).toBe(1);
    expect(count("tag", "nightly")).toBe(2); // the row's team ("" here) and the instance-wide series
    expect(count("model", "gpt-4o")).toBe(2);
    expect(count("team", "")).toBe(1);
  });
});

describe("rollUpUsage", () => {
  it("adds a batch up per bucket: hours for models and tags, UTC days for keys and users", () => {
    const at = Date.parse("2026-12-01T10:20:00Z");
    const row = {
      requestId: "r",
      callType: "chat",
      model: "m",
      modelGroup: "g",
      apiKey: "k",
      teamId: "t",
      userId: "u",
      spend: 1,
      promptTokens: 10,
      completionTokens: 5,
      cachedTokens: 2,
      startTime: new Date(at),
      endTime: new Date(at),
      status: "success" as const,
      tags: '["x"]',
    };
    const groups = rollUpUsage([row, { ...row, requestId: "s", startTime: new Date(at + 3_600_000), status: "failure" }]);
    const of = (teamId: string, dimension: string) => groups.filter((group) => group.teamId === teamId && group.dimension === dimension);
    expect(of("t", "model").map((group) => [group.hour, group.requests])).toEqual([
      [bucketOf("model", at), 1],
      [bucketOf("model", at + 3_600_000), 1],
    ]);
    expect(of("t", "key")).toEqual([expect.objectContaining({ hour: Date.parse("2026-12-01T00:00:00Z"), value: "k", requests: 2, failures: 1, spend: 2, inputTokens: 20, cachedTokens: 4 })]);
    expect(of("*", "tag").reduce((sum, group) => sum + group.requests, 0)).toBe(2);
    expect(tagsOf({ tags: "not json" })).toEqual([]);
  });
});
