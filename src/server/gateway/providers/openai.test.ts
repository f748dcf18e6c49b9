import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { openAIProvider } from "./openai";
import type { JsonObject, Operation } from "./types";

const deployment = testDeployment("d", { upstreamModel: "gpt-4o-2024-08-06", apiKey: "sk-upstream-secret" });

function sentBody(operation: Operation, body: JsonObject): JsonObject {
  return JSON.parse(openAIProvider.buildRequest(operation, deployment, body).body!) as JsonObject;
}

describe("openAIProvider.buildRequest", () => {
  it("posts to api_base plus the operation's path", () => {
    expect(openAIProvider.buildRequest("chat", deployment, {}).url).toBe("https://api.openai.com/v1/chat/completions");
    expect(openAIProvider.buildRequest("responses", deployment, {}).url).toBe("https://api.openai.com/v1/responses");
    const groq = testDeployment("g", { provider: "openai_compatible", providerPrefix: "groq", apiBase: "https://api.groq.com/openai/v1" });
    expect(openAIProvider.buildRequest("embeddings", groq, {}).url).toBe("https://api.groq.com/openai/v1/embeddings");
  });

  it("sends the deployment's key as a bearer token, and the organization when configured", () => {
    expect(openAIProvider.buildRequest("chat", deployment, {}).headers).toEqual({
      "content-type": "application/json",
      authorization: "Bearer sk-upstream-secret",
    });
    const withOrg = testDeployment("o", { apiKey: "k", organization: "org-123" });
    expect(openAIProvider.buildRequest("chat", withOrg, {}).headers["openai-organization"]).toBe("org-123");
    expect(openAIProvider.buildRequest("chat", testDeployment("n"), {}).headers).toEqual({ "content-type": "application/json" });
  });

  it("replaces only the model and leaves every other field as sent", () => {
    const body = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], temperature: 0, tools: [], user: "u-1", n: 2 };
    expect(sentBody("chat", body)).toEqual({ ...body, model: "gpt-4o-2024-08-06" });
    expect(body.model).toBe("gpt-4o");
  });

  it("asks for usage on streamed chat, keeping the client's other stream_options", () => {
    expect(sentBody("chat", { model: "x", stream: true })).toEqual({ model: "gpt-4o-2024-08-06", stream: true, stream_options: { include_usage: true } });
    expect(sentBody("chat", { model: "x", stream: true, stream_options: { include_obfuscation: false, include_usage: false } }).stream_options).toEqual({
      include_obfuscation: false,
      include_usage: true,
    });
  });

  it("adds no stream_options to unstreamed chat or to other operations", () => {
    expect(sentBody("chat", { model: "x" })).not.toHaveProperty("stream_options");
    expect(sentBody("chat", { model: "x", stream: false })).not.toHaveProperty("stream_options");
    expect(sentBody("chat", { model: "x", stream: "true" })).not.toHaveProperty("stream_options");
    expect(sentBody("responses", { model: "x", stream: true })).toEqual({ model: "gpt-4o-2024-08-06", stream: true });
  });
});

describe("openAIProvider.buildRequest: the client's own text", () => {
  const upstreamModel = "gpt-4o-2024-08-06";
  const sent = (operation: Operation, text: string) => openAIProvider.buildRequest(operation, deployment, JSON.parse(text) as JsonObject, text).body!;

  it("goes upstream as it came when the model name is already the upstream's", () => {
    const text = `{ "model": "${upstreamModel}", "messages": [{"role": "user", "content": "hi \\"there\\""}], "temperature": 0 }\n`;
    expect(sent("chat", text)).toBe(text);
    expect(sent("embeddings", `{"model":"${upstreamModel}","input":"x"}`)).toBe(`{"model":"${upstreamModel}","input":"x"}`);
  });

  it("has only its model name replaced when the group's name is not the upstream's", () => {
    expect(sent("chat", '{ "model" :\n "gpt-4o", "messages": [], "user": "model-fan" }')).toBe(`{ "model" :\n "${upstreamModel}", "messages": [], "user": "model-fan" }`);
    expect(sent("chat", '{"messages":[],"stream":true,"model":"gpt-4o"}')).toBe(`{"messages":[],"stream":true,"model":"${upstreamModel}","stream_options":{"include_usage":true}}`);
  });

  it("is serialised afresh, with the values Switchyard read, when a top-level key appears twice", () => {
    const texts = [
      `{"model":"${upstreamModel}","input":"hi","previous_response_id":"resp_checked","previous_response_id":"resp_other"}`,
      `{"model":"gpt-4o","input":"hi","store":false,"store":true}`,
      `{"model":"${upstreamModel}","messages":[{"role":"user","content":"first"}],"user":"u","messages":[{"role":"user","content":"second"}]}`,
    ];
    for (const text of texts) {
      const read = JSON.parse(text) as JsonObject;
      const body = sent("responses", text);
      expect(body).toBe(JSON.stringify({ ...read, model: upstreamModel }));
      // One of each key, holding the last value: what access, affinity and pricing saw.
      expect(body.match(/"(previous_response_id|store|messages)"/g)?.length).toBe(1);
    }
  });

  it("is serialised afresh when the model name is not spelled as JSON.stringify would", () => {
    for (const text of ['{"model":"gpt\\/4o","messages":[]}', '{"model":["gpt-4o"],"messages":[]}']) {
      const body = sent("chat", text);
      expect(JSON.parse(body)).toEqual({ ...(JSON.parse(text) as object), model: upstreamModel });
      expect(body).toBe(JSON.stringify({ ...(JSON.parse(text) as object), model: upstreamModel }));
    }
  });

  it("asks for usage on streamed chat by adding stream_options to the text, and merges the client's own", () => {
    const text = `{"model":"${upstreamModel}","stream":true,"messages":[]}  \n`;
    expect(sent("chat", text)).toBe(`{"model":"${upstreamModel}","stream":true,"messages":[],"stream_options":{"include_usage":true}}`);
    const withOptions = sent("chat", `{"model":"${upstreamModel}","stream":true,"stream_options":{"include_obfuscation":false}}`);
    expect(JSON.parse(withOptions)).toEqual({ model: upstreamModel, stream: true, stream_options: { include_obfuscation: false, include_usage: true } });
  });

  // An upstream that keeps the first of duplicate keys would otherwise serve (or stream) what was never authorised or priced.
  it("never forwards a second model or stream key, however it is spelled", () => {
    const cases = [
      `{"model":"o1-pro","messages":[],"model":"${upstreamModel}"}`,
      `{"mod\\u0065l":"o1-pro","messages":[],"model":"${upstreamModel}"}`,
      `{"model":"o1-pro","messages":[],"m\\u006fdel":"${upstreamModel}"}`,
    ];
    for (const text of cases) {
      const body = sent("chat", text);
      expect(body).toBe(JSON.stringify({ model: upstreamModel, messages: [] }));
    }
    const twoStreams = sent("chat", `{"model":"${upstreamModel}","stream":false,"messages":[],"stream":true}`);
    expect(twoStreams).toBe(JSON.stringify({ model: upstreamModel, stream: true, messages: [], stream_options: { include_usage: true } }));
  });

  it("takes the careful way when the text merely might hide a key", () => {
    const text = `{"model":"${upstreamModel}","messages":[{"role":"model","content":"caf\\u00e9"}]}`;
    const body = sent("chat", text);
    expect(body).not.toBe(text);
    expect(JSON.parse(body)).toEqual(JSON.parse(text));
  });
});
