import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load-config";
import type { Deployment } from "../../config/types";
import { providerFor } from ".";
import { anthropicRoot, azureAiError, joinOverlapping } from "./azure-ai";

function azureAi(model: string, apiBase: string, extra = ""): Deployment {
  const text = `model_list:\n  - model_name: m\n    litellm_params:\n      model: ${model}\n      api_base: "${apiBase}"\n      api_key: foundry-key${extra}\n`;
  return parseConfig(text, "c.yaml", { lookupEnv: () => undefined }).deployments[0];
}

function build(deployment: Deployment, body: Record<string, unknown> = { model: "m", messages: [{ role: "user", content: "hi" }] }, operation: "chat" | "embeddings" | "messages" = "chat") {
  return providerFor(deployment.provider).buildRequest(operation, deployment, body);
}

describe("Azure AI Foundry URLs and auth", () => {
  it("a *.services.ai.azure.com resource: /models paths, the default api-version, the api-key header", () => {
    const request = build(azureAi("azure_ai/mistral-large-2407", "https://res.services.ai.azure.com"));
    expect(request.url).toBe("https://res.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview");
    expect(request.headers["api-key"]).toBe("foundry-key");
    expect(request.headers.authorization).toBeUndefined();
    expect(build(azureAi("azure_ai/cohere-embed", "https://res.services.ai.azure.com/models"), { model: "m", input: "x" }, "embeddings").url).toBe(
      "https://res.services.ai.azure.com/models/embeddings?api-version=2024-05-01-preview",
    );
  });

  it("keeps an api-version written into api_base, else takes api_version", () => {
    expect(build(azureAi("azure_ai/m", "https://res.services.ai.azure.com/models/chat/completions?api-version=2025-01-01")).url).toBe(
      "https://res.services.ai.azure.com/models/chat/completions?api-version=2025-01-01",
    );
    expect(build(azureAi("azure_ai/m", "https://res.services.ai.azure.com", '\n      api_version: "2024-10-21"')).url).toContain("api-version=2024-10-21");
  });

  it("a serverless endpoint: its own base, no api-version unless configured, Bearer", () => {
    const request = build(azureAi("azure_ai/Meta-Llama-3-70B", "https://Meta-Llama-3-70B-abc.eastus2.models.ai.azure.com"));
    expect(request.url).toBe("https://meta-llama-3-70b-abc.eastus2.models.ai.azure.com/chat/completions");
    expect(request.headers.authorization).toBe("Bearer foundry-key");
    expect(request.headers["api-key"]).toBeUndefined();
    expect(build(azureAi("azure_ai/m", "https://x.openai.azure.com/openai/v1")).headers["api-key"]).toBe("foundry-key");
  });

  it("joins paths without repeating what api_base already ends with", () => {
    expect(joinOverlapping("/models", "/models/chat/completions")).toBe("/models/chat/completions");
    expect(joinOverlapping("/models/chat/completions", "/models/chat/completions")).toBe("/models/chat/completions");
    expect(joinOverlapping("/", "/chat/completions")).toBe("/chat/completions");
    expect(joinOverlapping("/v1", "/chat/completions")).toBe("/v1/chat/completions");
  });
});

describe("Azure AI Foundry parameters (extra-parameters)", () => {
  const streamed = { model: "m", messages: [], stream: true, stream_options: { include_usage: true }, user: "u1", n: 1, temperature: 0.2, tools: [] };

  it("by default sends only what the inference API defines: no stream_options, user or n", () => {
    const body = JSON.parse(build(azureAi("azure_ai/mistral-large", "https://res.services.ai.azure.com"), streamed).body ?? "");
    expect(body).toEqual({ model: "mistral-large", messages: [], stream: true, temperature: 0.2, tools: [] });
  });

  it("joins text-only content parts into a string, and leaves content with an image as it is", () => {
    const image = {
      role: "user",
      content: [
        { type: "text", text: "what is" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AA" } },
      ],
    };
    const body = JSON.parse(
      build(azureAi("azure_ai/m", "https://res.services.ai.azure.com"), {
        model: "m",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Hello, " },
              { type: "text", text: "world" },
            ],
          },
          image,
        ],
      }).body ?? "",
    );
    expect(body.messages).toEqual([{ role: "user", content: "Hello, world" }, image]);
  });

  it("with extra-parameters: pass-through, sends everything, and asks for usage as for OpenAI", () => {
    const body = JSON.parse(build(azureAi("azure_ai/m", "https://res.services.ai.azure.com", "\n      extra_headers: { extra-parameters: pass-through }"), streamed).body ?? "");
    expect(body).toMatchObject({ user: "u1", n: 1, stream_options: { include_usage: true } });
  });

  it("with extra-parameters: error, sends the client's body as it is, for the service to refuse", () => {
    const body = JSON.parse(build(azureAi("azure_ai/m", "https://res.services.ai.azure.com", '\n      extra_headers: { "Extra-Parameters": error }'), streamed).body ?? "");
    expect(body).toEqual({ ...streamed, model: "m" });
  });
});

describe("Claude on Azure AI Foundry", () => {
  it("goes to {resource}/anthropic/v1/messages in Anthropic's format", () => {
    const deployment = azureAi("azure_ai/claude-sonnet-4-5", "https://res.services.ai.azure.com");
    expect(deployment.provider).toBe("azure_ai_claude");
    const chat = build(deployment, { model: "m", messages: [{ role: "user", content: "hi" }], stream_options: { include_usage: true } });
    expect(chat.url).toBe("https://res.services.ai.azure.com/anthropic/v1/messages");
    expect(chat.headers["api-key"]).toBe("foundry-key");
    expect(chat.headers["x-api-key"]).toBeUndefined();
    expect(JSON.parse(chat.body ?? "")).toMatchObject({ model: "claude-sonnet-4-5", max_tokens: 4096, messages: [{ role: "user" }] });
    expect(chat.body).not.toContain("stream_options");
    const messages = build(deployment, { model: "m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }, "messages");
    expect(messages.headers["x-api-key"]).toBe("foundry-key");
    expect(messages.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it("finds the resource root whichever way api_base was written", () => {
    for (const base of ["https://r.services.ai.azure.com", "https://r.services.ai.azure.com/anthropic", "https://r.services.ai.azure.com/anthropic/v1/messages"]) {
      expect(anthropicRoot(base)).toBe("https://r.services.ai.azure.com/anthropic");
    }
  });
});

describe("Azure AI Foundry errors", () => {
  it("name the parameters the service refused", () => {
    const body = {
      error: {
        code: "Invalid input",
        status: 422,
        message: "invalid input error",
        details: [
          { type: "extra_forbidden", loc: ["body", "user"], msg: "Extra inputs are not permitted" },
          { type: "extra_forbidden", loc: ["body", "n"], msg: "Extra inputs are not permitted" },
        ],
      },
    };
    expect(azureAiError(422, body).error).toEqual({
      message: "invalid input error: user: Extra inputs are not permitted; n: Extra inputs are not permitted",
      type: "invalid_request_error",
      param: "user",
      code: "Invalid input",
    });
  });

  it("are read leniently otherwise", () => {
    expect(azureAiError(401, { error: { code: "401", message: "Access denied" } }).error).toMatchObject({ message: "Access denied", param: null });
    expect(azureAiError(500, "upstream exploded").error.message).toBe("upstream exploded");
  });
});
