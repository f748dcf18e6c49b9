import { afterEach, describe, expect, it } from "vitest";
import { masterKey, startHarness, type Harness } from "./testing/gateway-harness";

// LiteLLM's rarer prefixes whose URL, model or auth differ from plain OpenAI-compatible, through the gateway.
const config = `
model_list:
  - model_name: kb
    litellm_params: { model: ragflow/chat/chat-42/gpt-4o-mini, api_base: "https://ragflow.example/v1", api_key: rf-key }
  - model_name: sarvam
    litellm_params: { model: sarvam/sarvam-m, api_key: sv-key }
  - model_name: clarifai
    litellm_params: { model: clarifai/openai.chat-completion.gpt-oss-20b, api_key: cf-key }
  - model_name: dedicated
    litellm_params: { model: baseten/abcd1234, api_key: bt-key }
general_settings:
  master_key: ${masterKey}
`;

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

async function sentFor(model: string) {
  const response = await harness.call("POST", "/v1/chat/completions", { key: masterKey, body: { model, messages: [{ role: "user", content: "Hi" }] } });
  expect(response.status).toBe(200);
  const request = harness.sent.at(-1)!;
  return { url: request.url, model: (JSON.parse(request.body!) as { model: string }).model, headers: request.headers };
}

describe("rare OpenAI-compatible prefixes through the gateway", () => {
  it("sends each where and as LiteLLM does", async () => {
    harness = await startHarness(4_096, { config });
    expect(await sentFor("kb")).toMatchObject({ url: "https://ragflow.example/api/v1/chats_openai/chat-42/chat/completions", model: "gpt-4o-mini" });
    const sarvam = await sentFor("sarvam");
    expect(sarvam).toMatchObject({ url: "https://api.sarvam.ai/v1/chat/completions", model: "sarvam-m" });
    expect(sarvam.headers).toMatchObject({ authorization: "Bearer sv-key", "api-subscription-key": "sv-key" });
    expect(await sentFor("clarifai")).toMatchObject({
      url: "https://api.clarifai.com/v2/ext/openai/v1/chat/completions",
      model: "https://clarifai.com/openai/chat-completion/models/gpt-oss-20b",
    });
    expect(await sentFor("dedicated")).toMatchObject({ url: "https://model-abcd1234.api.baseten.co/environments/production/sync/v1/chat/completions", model: "abcd1234" });
  });
});
