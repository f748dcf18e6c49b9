import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UpstreamRequest } from "./providers/types";
import { masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// LiteLLM's tag-based routing (router_settings.enable_tag_filtering), through the real gateway.
const config = (filtering: boolean) => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-free, tags: ["free"] }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-paid, tags: ["paid", "eu"] }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-default, tags: ["default"] }
  - model_name: untagged
    litellm_params: { model: openai/gpt-4o-mini, api_key: sk-untagged }
router_settings:
  enable_tag_filtering: ${filtering}
general_settings:
  master_key: ${masterKey}
`;

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

const keyOf = (request: UpstreamRequest) => request.headers.authorization?.replace("Bearer ", "");
async function keysReached(body: object, times = 8): Promise<Set<string | undefined>> {
  harness.sent.length = 0;
  for (let index = 0; index < times; index++) {
    const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], ...body } });
    expect(response.status).toBe(200);
  }
  return new Set(harness.sent.map(keyOf));
}

describe("tag filtering on", () => {
  beforeEach(async () => {
    harness = await startHarness(4_096, { config: config(true) });
  });

  it("sends a tagged request to deployments with one of its tags, from the body or its metadata, and strips them", async () => {
    expect(await keysReached({ tags: ["paid"] })).toEqual(new Set(["sk-paid"]));
    expect(await keysReached({ metadata: { tags: ["free"] } })).toEqual(new Set(["sk-free"]));
    for (const request of harness.sent) expect(JSON.parse(request.body!)).toEqual({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], metadata: {} });
  });

  it("sends untagged requests, and tags no deployment has, to the default deployment", async () => {
    expect(await keysReached({})).toEqual(new Set(["sk-default"]));
    expect(await keysReached({ tags: ["enterprise"] })).toEqual(new Set(["sk-default"]));
  });

  it("refuses tags no deployment of a group without a default has; an untagged request reaches it anywhere", async () => {
    const refused = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "untagged", messages: [{ role: "user", content: "hi" }], tags: "paid" } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { param: "tags", message: 'No deployment of model group "untagged" has any of the tags ["paid"], and none is tagged "default"' } });
    const served = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model: "untagged", messages: [{ role: "user", content: "hi" }] } });
    expect(served.status).toBe(200);
  });
});

describe("tag filtering off", () => {
  beforeEach(async () => {
    harness = await startHarness(4_096, { config: config(false) });
  });

  it("balances over the whole group, tags or not, and still keeps the tags from the provider", async () => {
    const reached = await keysReached({ tags: ["paid"] }, 30);
    expect(reached.size).toBeGreaterThan(1);
    for (const request of harness.sent) expect(JSON.parse(request.body!)).not.toHaveProperty("tags");
  });
});
