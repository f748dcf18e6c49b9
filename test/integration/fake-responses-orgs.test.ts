import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResponsesOrgs, type FakeResponsesOrgs } from "../../e2e/fixtures/fake-responses-orgs.mjs";

// Self-test of the fake that plays two OpenAI organisations: reasoning items and stored responses are
// bound to the organisation whose key created them, as in the real API.
let fake: FakeResponsesOrgs;
const A = "sk-org-a";
const B = "sk-org-b";

beforeAll(async () => {
  fake = await startFakeResponsesOrgs();
});

afterAll(async () => {
  await fake?.close();
});

function call(key: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST", header = "authorization") {
  const headers: Record<string, string> = { [header]: header === "authorization" ? `Bearer ${key}` : key };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${fake.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function create(key: string, body: Record<string, unknown>) {
  const response = await call(key, "/v1/responses", { model: "o4-mini", ...body });
  return { status: response.status, json: await response.json() };
}

const textOf = (json: any) => json.output.find((item: any) => item.type === "message").content[0].text;

function parseSse(text: string) {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.+)$/m.exec(block)![1]);
      return { event, data };
    });
}

describe("fake responses orgs", () => {
  it("rejects unknown keys with 401 invalid_api_key", async () => {
    const { status, json } = await create("sk-nobody", { input: "hi" });
    expect(status).toBe(401);
    expect(json.error).toEqual({ message: "Incorrect API key provided", type: "invalid_request_error", param: null, code: "invalid_api_key" });
  });

  it("chains turns with previous_response_id within one org, and refuses the chain from another org", async () => {
    const first = await create(A, { input: "one" });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ object: "response", status: "completed", model: "o4-mini", store: true, previous_response_id: null });
    expect(first.json.id).toMatch(/^resp_[0-9a-f]{24}$/);
    expect(first.json.output.map((item: any) => item.type)).toEqual(["reasoning", "message"]);
    expect(first.json.output[0].encrypted_content).toBeUndefined();
    expect(textOf(first.json)).toBe("org-a: turn 1");
    const second = await create(A, { input: "two", previous_response_id: first.json.id });
    expect(textOf(second.json)).toBe("org-a: turn 2");
    expect(second.json.previous_response_id).toBe(first.json.id);
    const third = await create(A, { input: "three", previous_response_id: second.json.id });
    expect(textOf(third.json)).toBe("org-a: turn 3");
    expect(fake.responses.get(third.json.id)?.org).toBe("org-a");

    const crossed = await create(B, { input: "four", previous_response_id: third.json.id });
    expect(crossed.status).toBe(400);
    expect(crossed.json.error).toEqual({
      message: `Previous response with id '${third.json.id}' not found.`,
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", url: "/v1/responses", org: "org-b" });
  });

  it("binds encrypted reasoning to the org (store:false replay, with and without ids)", async () => {
    const body = { store: false, include: ["reasoning.encrypted_content"] };
    const first = await create(A, { ...body, input: [{ role: "user", content: "hi" }] });
    expect(first.status).toBe(200);
    expect(fake.responses.has(first.json.id)).toBe(false);
    const [reasoning] = first.json.output;
    expect(reasoning.encrypted_content).toEqual(expect.any(String));
    const input = [{ role: "user", content: "hi" }, ...first.json.output, { role: "user", content: "again" }];

    const same = await create(A, { ...body, input });
    expect(same.status).toBe(200);
    expect(textOf(same.json)).toBe("org-a: turn 2");
    const previous = await create(A, { input: "x", previous_response_id: first.json.id });
    expect(previous.json.error.code).toBe("previous_response_not_found");

    const other = await create(B, { ...body, input });
    expect(other.status).toBe(400);
    expect(other.json.error).toEqual({
      message: `The encrypted content for item ${reasoning.id} could not be verified. Reason: Encrypted content organization_id did not match the target organization.`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_encrypted_content",
    });
    // Codex resends reasoning without ids.
    const bare = { type: "reasoning", encrypted_content: reasoning.encrypted_content, summary: [] };
    const codex = await create(B, { ...body, input: [bare, { role: "user", content: "next" }] });
    expect(codex.status).toBe(400);
    expect(codex.json.error.message).toContain("item rs_unknown ");
    expect((await create(A, { ...body, input: [bare] })).status).toBe(200);
    const garbage = await create(A, { ...body, input: [{ ...bare, encrypted_content: "not-ours" }] });
    expect(garbage.json.error.code).toBe("invalid_encrypted_content");
    // A message id created by org-a, replayed to org-b without encrypted content.
    const message = await create(B, { input: [first.json.output[1]] });
    expect(message.json.error.message).toContain(first.json.output[1].id);
  });

  it("streams the event sequence with distinct sequence numbers, matching the completed response", async () => {
    const response = await call(B, "/openai/v1/responses", { model: "o4-mini", input: "hi", stream: true, include: ["reasoning.encrypted_content"] }, "POST", "api-key");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.output_item.done",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.output_item.done",
      "response.completed",
    ]);
    events.forEach((event, index) => expect(event.data).toMatchObject({ type: event.event, sequence_number: index }));
    expect(events[0].data.response).toMatchObject({ status: "in_progress", output: [] });
    const deltas = events.filter((event) => event.event === "response.output_text.delta").map((event) => event.data.delta);
    expect(deltas.join("")).toBe("org-b: turn 1");
    const done = events.filter((event) => event.event === "response.output_item.done").map((event) => event.data.item);
    const completed = events.at(-1)!.data.response;
    expect(completed.output).toEqual(done);
    expect(done[0].encrypted_content).toEqual(expect.any(String));
    expect(fake.responses.get(completed.id)?.org).toBe("org-b");
  });

  it("applies ownership to GET, input_items, cancel and DELETE", async () => {
    const { json } = await create(A, { input: "keep me" });
    const id = json.id;
    const notFound = { message: `Response with id '${id}' not found.`, type: "invalid_request_error", param: null, code: null };
    for (const [path, method] of [
      [`/v1/responses/${id}`, "GET"],
      [`/v1/responses/${id}/input_items`, "GET"],
      [`/v1/responses/${id}/cancel`, "POST"],
      [`/v1/responses/${id}`, "DELETE"],
    ]) {
      const response = await call(B, path, undefined, method);
      expect(response.status).toBe(404);
      expect((await response.json()).error).toEqual(notFound);
    }
    expect(await (await call(A, `/v1/responses/${id}`)).json()).toEqual(json);
    const items = await (await call(A, `/openai/v1/responses/${id}/input_items`)).json();
    expect(items).toMatchObject({ object: "list", has_more: false, data: [{ type: "message", role: "user", content: [{ type: "input_text", text: "keep me" }] }] });
    expect(items.first_id).toBe(items.data[0].id);
    expect(items.last_id).toBe(items.data[0].id);
    expect((await (await call(A, `/v1/responses/${id}/cancel`, undefined, "POST")).json()).status).toBe("cancelled");
    expect(await (await call(A, `/v1/responses/${id}`, undefined, "DELETE")).json()).toEqual({ id, object: "response.deleted", deleted: true });
    expect((await call(A, `/v1/responses/${id}`)).status).toBe(404);
  });

  it("failNext answers the given status for the next calls of that key only", async () => {
    fake.failNext(A, 429, 2);
    fake.failNext(B, 503, 1);
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await call(A, "/v1/responses", { model: "o4-mini", input: "hi" });
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("1");
      expect((await response.json()).error).toEqual({ message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" });
    }
    expect((await create(A, { input: "hi" })).status).toBe(200);
    const failed = await create(B, { input: "hi" });
    expect(failed.status).toBe(503);
    expect(failed.json.error.type).toBe("server_error");
    expect((await create(B, { input: "hi" })).status).toBe(200);
  });
});
