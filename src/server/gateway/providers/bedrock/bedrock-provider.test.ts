import { describe, expect, it } from "vitest";
import type { Deployment } from "../../../config/types";
import { bedrockProvider } from ".";
import { bedrockError } from "./bedrock-errors";
import { bedrockCostMapNames } from "./cost-map-names";

function deployment(upstreamModel: string, extra: Partial<Deployment> = {}): Deployment {
  return {
    id: "d1",
    modelGroup: "g",
    provider: "bedrock",
    providerPrefix: "bedrock",
    upstreamModel,
    apiBase: "https://bedrock-runtime.us-east-1.amazonaws.com",
    aws: { region: "us-east-1", accessKeyId: "AKID", secretAccessKey: "secret" },
    timeoutMs: 1000,
    mode: "chat",
    accessGroups: [],
    publicParams: {},
    publicModelInfo: {},
    ...extra,
  };
}

const chat = { model: "g", messages: [{ role: "user", content: "hi" }], max_tokens: 20 };

describe("bedrockProvider.buildRequest", () => {
  it("sends chat to Converse, streamed to ConverseStream, the model id encoded in the path", () => {
    const request = bedrockProvider.buildRequest("chat", deployment("us.anthropic.claude-3-5-haiku-20241022-v1:0"), chat);
    expect(request.url).toBe("https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
    expect(JSON.parse(request.body!)).toEqual({ messages: [{ role: "user", content: [{ text: "hi" }] }], inferenceConfig: { maxTokens: 20 } });
    const streamed = bedrockProvider.buildRequest("chat", deployment("converse/amazon.nova-lite-v1:0"), { ...chat, stream: true });
    expect(streamed.url).toBe("https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/converse-stream");
    expect(streamed.headers.accept).toBe("application/vnd.amazon.eventstream");
  });

  it("sends bedrock/invoke/ Anthropic models Anthropic's body, with the Bedrock version and no model or stream field", () => {
    const request = bedrockProvider.buildRequest("chat", deployment("invoke/anthropic.claude-3-5-haiku-20241022-v1:0"), { ...chat, stream: true });
    expect(request.url).toMatch(/\/model\/anthropic\.claude-3-5-haiku-20241022-v1%3A0\/invoke-with-response-stream$/);
    const body = JSON.parse(request.body!);
    expect(body).toMatchObject({ anthropic_version: "bedrock-2023-05-31", max_tokens: 20, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
    expect(body).not.toHaveProperty("model");
    expect(body).not.toHaveProperty("stream");
    expect(() => bedrockProvider.buildRequest("chat", deployment("invoke/amazon.nova-lite-v1:0"), chat)).toThrow(/Anthropic's models/);
  });

  it("passes the Messages API through InvokeModel for Claude only", () => {
    const body = { model: "claude", max_tokens: 10, messages: [{ role: "user", content: "hi" }], thinking: { type: "enabled", budget_tokens: 1024 }, stream: false };
    const request = bedrockProvider.buildRequest("messages", deployment("us.anthropic.claude-sonnet-4-6"), body);
    expect(request.url).toMatch(/\/model\/us\.anthropic\.claude-sonnet-4-6\/invoke$/);
    expect(JSON.parse(request.body!)).toEqual({ anthropic_version: "bedrock-2023-05-31", max_tokens: 10, messages: body.messages, thinking: body.thinking });
    expect(() => bedrockProvider.buildRequest("messages", deployment("amazon.nova-lite-v1:0"), body)).toThrow(/Anthropic's models/);
    expect(bedrockProvider.supports("responses")).toBe(false);
    expect(() => bedrockProvider.buildRequest("embeddings", deployment("cohere.embed-english-v3"), { input: "x" })).toThrow(/Titan/);
  });
});

describe("bedrockProvider.forDeployment", () => {
  it("takes the Messages API for Anthropic's models only; the others serve chat and embeddings, and get /v1/messages translated", () => {
    expect(bedrockProvider.forDeployment!(deployment("us.anthropic.claude-sonnet-4-6")).supports("messages")).toBe(true);
    expect(bedrockProvider.forDeployment!(deployment("invoke/anthropic.claude-3-5-haiku-20241022-v1:0")).supports("messages")).toBe(true);
    const nova = bedrockProvider.forDeployment!(deployment("amazon.nova-lite-v1:0"));
    expect(nova.supports("messages")).toBe(false);
    expect(nova.supports("chat") && nova.supports("embeddings")).toBe(true);
  });
});

describe("bedrockError", () => {
  it("names the exception from x-amzn-errortype, keeps Bedrock's status and OpenAI's types", () => {
    const throttled = bedrockError(429, { message: "Too many requests" }, { "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" });
    expect(throttled).toEqual({ error: { message: "Bedrock ThrottlingException: Too many requests", type: "rate_limit_error", param: null, code: "ThrottlingException" } });
    expect(bedrockError(400, { message: "bad" }, { "x-amzn-errortype": "ValidationException" }).error).toMatchObject({ type: "invalid_request_error", code: "ValidationException" });
    expect(bedrockError(403, { Message: "denied" }, {}).error).toMatchObject({ type: "permission_error", message: "Bedrock: denied" });
    expect(bedrockError(503, "Service Unavailable").error).toMatchObject({ type: "server_error", message: "Bedrock: Service Unavailable" });
  });
});

describe("bedrockCostMapNames", () => {
  it("tries the region's entry, the profile's own entry, then its base model's", () => {
    expect(bedrockCostMapNames(deployment("converse/us.anthropic.claude-sonnet-4-6"))).toEqual([
      "bedrock/us-east-1/us.anthropic.claude-sonnet-4-6",
      "bedrock/us.anthropic.claude-sonnet-4-6",
      "us.anthropic.claude-sonnet-4-6",
      "bedrock/anthropic.claude-sonnet-4-6",
      "anthropic.claude-sonnet-4-6",
    ]);
    expect(bedrockCostMapNames(deployment("amazon.nova-lite-v1:0", { aws: undefined, baseModel: "bedrock/amazon.nova-pro-v1:0" }))).toEqual([
      "bedrock/amazon.nova-lite-v1:0",
      "amazon.nova-lite-v1:0",
      "bedrock/amazon.nova-pro-v1:0",
      "amazon.nova-pro-v1:0",
    ]);
  });
});
