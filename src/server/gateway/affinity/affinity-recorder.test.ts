import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "../keys/principal";
import { affinityDatabase, affinityEpoch, type AffinityDatabase } from "../testing/affinity-database";
import { keyPrincipal, testDeployment } from "../testing/builders";
import { recordAffinity, type AffinitySettings } from "./affinity-recorder";
import { credentialHashOf } from "./credential-hash";
import { encryptedFingerprint } from "./refs";

const settings: AffinitySettings = { enabled: true, ttlMs: 30 * 86_400_000, dropUnreadableReasoning: false };
const deployment = testDeployment("dep-a", { modelGroup: "o4-mini", apiKey: "sk-org-one", organization: "org-one" });
const principal = keyPrincipal({ token: "c".repeat(64) }, { teamId: "team-1" });
const blob = "gAAAAABo-encrypted-reasoning";
const fingerprint = encryptedFingerprint(blob);

const reasoningItem = { id: "rs_1", type: "reasoning", summary: [], encrypted_content: blob };
const messageItem = { id: "msg_1", type: "message", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Hello", annotations: [] }] };
const response = (status: string, output: unknown[]) => ({ id: "resp_1", object: "response", created_at: 1_771_329_600, status, model: "o4-mini-2025-04-16", output });

/** A Responses stream as OpenAI sends it (`include: ["reasoning.encrypted_content"]`), one payload per event. */
const stream = {
  created: { type: "response.created", sequence_number: 0, response: response("in_progress", []) },
  inProgress: { type: "response.in_progress", sequence_number: 1, response: response("in_progress", []) },
  reasoningAdded: { type: "response.output_item.added", sequence_number: 2, output_index: 0, item: { id: "rs_1", type: "reasoning", summary: [] } },
  reasoningDone: { type: "response.output_item.done", sequence_number: 3, output_index: 0, item: reasoningItem },
  messageAdded: { type: "response.output_item.added", sequence_number: 4, output_index: 1, item: { ...messageItem, status: "in_progress", content: [] } },
  delta: { type: "response.output_text.delta", sequence_number: 5, item_id: "msg_1", output_index: 1, content_index: 0, delta: "Hello" },
  messageDone: { type: "response.output_item.done", sequence_number: 6, output_index: 1, item: messageItem },
  completed: { type: "response.completed", sequence_number: 7, response: response("completed", [reasoningItem, messageItem]) },
};
const payload = (event: object) => JSON.stringify(event);
const allRefs = ["resp_1", "rs_1", "msg_1", fingerprint];

let db: AffinityDatabase;
let time: number;
beforeEach(async () => {
  db = await affinityDatabase();
  time = affinityEpoch;
});
afterEach(async () => {
  // record() never throws: a failed write is held in memory and still found, so check it reached the file.
  expect(db.store.heldRecords).toBe(0);
  await db.close();
});

const recorder = (who: Principal = principal) => recordAffinity(db.store, settings, deployment, who, () => time);
const storedRefs = async (refs = allRefs) => (await db.store.find(refs, time)).map((row) => row.ref).sort();
/** The hook neither throws nor rejects. */
const settles = (hook: () => void | Promise<void>) => expect((async () => hook())()).resolves.toBeUndefined();

describe("recordAffinity json()", () => {
  it("records the response id, every output item id and each encrypted blob's fingerprint, with who and where", async () => {
    await recorder().json!(response("completed", [reasoningItem, messageItem, { id: "fc_1", type: "function_call", call_id: "call_1", name: "f", arguments: "{}" }]));
    const rows = await db.store.find([...allRefs, "fc_1"], time);
    expect(rows.map((row) => [row.ref, row.kind])).toEqual([
      ["resp_1", "response"],
      ["rs_1", "item"],
      ["msg_1", "item"],
      [fingerprint, "encrypted_content"],
      ["fc_1", "item"],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        deploymentId: "dep-a",
        credentialHash: credentialHashOf(deployment),
        modelGroup: "o4-mini",
        keyToken: "c".repeat(64),
        teamId: "team-1",
        createdAt: new Date(affinityEpoch),
        expiresAt: new Date(affinityEpoch + settings.ttlMs),
      });
    }
  });

  it("stores no key and no blob", async () => {
    await recorder().json!(response("completed", [reasoningItem]));
    const dump = JSON.stringify(db.query("select * from response_affinity"));
    expect(dump).not.toContain("sk-org-one");
    expect(dump).not.toContain(blob);
  });

  it("records the master key's answers without key or team", async () => {
    await recorder({ kind: "master" }).json!(response("completed", [messageItem]));
    expect(await db.store.find(["resp_1", "msg_1"], time)).toMatchObject([
      { keyToken: null, teamId: null },
      { keyToken: null, teamId: null },
    ]);
  });

  it("takes the expiry from the clock at the time of the answer", async () => {
    time += 5_000;
    await recorder().json!(response("completed", []));
    expect((await db.store.find(["resp_1"], time))[0].expiresAt).toEqual(new Date(affinityEpoch + 5_000 + settings.ttlMs));
  });

  it("ignores bodies that are not responses", async () => {
    const observer = recorder();
    for (const body of [null, "resp_1", 42, [messageItem], { id: "", output: "msg_1" }, { object: "error" }]) await settles(() => observer.json!(body));
    expect(db.query("select count(*) as n from response_affinity")).toEqual([{ n: 0 }]);
  });
});

describe("recordAffinity payload() on a stream", () => {
  it("writes the response id as soon as response.created passes", async () => {
    const observer = recorder();
    await observer.payload!(payload(stream.created));
    expect(await storedRefs()).toEqual(["resp_1"]);
  });

  it("has every item and blob written by the time the response.completed payload is observed", async () => {
    const observer = recorder();
    for (const event of Object.values(stream)) await observer.payload!(payload(event));
    // The relay hands each payload over before sending it: what a client can read next is stored now.
    expect(await storedRefs()).toEqual([...allRefs].sort());
    expect((await db.store.find([fingerprint], time))[0]).toMatchObject({ kind: "encrypted_content", deploymentId: "dep-a", teamId: "team-1" });
  });

  it("writes items from output_item.done even when response.completed carries no output", async () => {
    const observer = recorder();
    for (const event of [stream.created, stream.reasoningDone, stream.messageDone]) await observer.payload!(payload(event));
    await observer.payload!(payload({ type: "response.completed", sequence_number: 7, response: { id: "resp_1", status: "completed" } }));
    expect(await storedRefs()).toEqual([...allRefs].sort());
  });

  it("writes ids of a response that ends incomplete or failed", async () => {
    const observer = recorder();
    await observer.payload!(payload({ type: "response.incomplete", response: response("incomplete", [reasoningItem]) }));
    expect(await storedRefs()).toEqual(["resp_1", "rs_1", fingerprint].sort());
    await recordAffinity(db.store, settings, deployment, principal, () => time).payload!(payload({ type: "response.failed", response: { id: "resp_2", status: "failed", output: [] } }));
    expect(await storedRefs(["resp_2"])).toEqual(["resp_2"]);
  });

  it("ignores unparseable payloads, [DONE] and text that merely mentions an event type, without throwing", async () => {
    const observer = recorder();
    const odd = [
      '{"type":"response.completed","response":{"id":"resp_1"',
      '{"type":"response.created"} trailing',
      "[DONE]",
      "",
      payload({ ...stream.delta, delta: 'say "response.completed" and {"type":"response.created","response":{"id":"resp_x"}}' }),
      payload({ type: "response.output_item.done", item: null }),
      payload({ type: "response.created", response: "resp_1" }),
      'null "response.created"',
    ];
    for (const data of odd) await settles(() => observer.payload!(data));
    await settles(() => observer.end!());
    expect(await storedRefs([...allRefs, "resp_x"])).toEqual([]);
  });

  it("writes on end() what is still held when the stream broke before completion", async () => {
    const observer = recorder();
    for (const event of [stream.created, stream.reasoningAdded, stream.reasoningDone, stream.messageAdded, stream.delta]) await observer.payload!(payload(event));
    await observer.end!();
    expect(await storedRefs()).toEqual(["resp_1", "rs_1", fingerprint].sort());
    await settles(() => observer.end!());
  });

  it("records nothing more on end() after a completed stream", async () => {
    const observer = recorder();
    for (const event of Object.values(stream)) await observer.payload!(payload(event));
    const before = db.query("select count(*) as n from response_affinity");
    await observer.end!();
    expect(db.query("select count(*) as n from response_affinity")).toEqual(before);
    expect(before).toEqual([{ n: 4 }]);
  });
});
