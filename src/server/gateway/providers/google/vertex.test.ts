import { generateKeyPairSync } from "node:crypto";
import { importSPKI, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import type { Deployment } from "../../../config/types";
import { testDeployment } from "../../testing/builders";
import { AccessTokens } from "../access-tokens";
import type { UpstreamRequest } from "../types";
import type { UpstreamClient } from "../upstream-client";
import { UpstreamError } from "../upstream-error";
import { geminiProvider } from "./gemini-api";
import { vertexProvider } from "./vertex";
import { cloudPlatformScope } from "./vertex-token";

const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const serviceAccount = {
  type: "service_account",
  project_id: "sa-project",
  private_key_id: "kid-1",
  private_key: pair.privateKey,
  client_email: "sa@sa-project.iam.gserviceaccount.com",
  token_uri: "https://tokens.example/token",
};

function vertex(upstreamModel: string, overrides: Partial<Deployment> = {}): Deployment {
  return testDeployment("v", {
    provider: "vertex_ai",
    providerPrefix: "vertex_ai",
    upstreamModel,
    apiBase: "",
    vertex: { project: "my-project", location: "us-central1", credentials: JSON.stringify(serviceAccount) },
    ...overrides,
  });
}

const chat = (stream = false) => ({ model: "m", messages: [{ role: "user", content: "hi" }], ...(stream && { stream: true }) });
const build = (deployment: Deployment, body: Record<string, unknown> = chat(), operation: "chat" | "messages" = "chat") =>
  vertexProvider.forDeployment!(deployment).buildRequest(operation, deployment, body);

describe("Vertex AI URLs", () => {
  it("reaches a region's endpoint, and the global one for global", () => {
    expect(build(vertex("gemini-2.5-flash")).url).toBe(
      "https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent",
    );
    expect(build(vertex("gemini-2.5-flash", { vertex: { project: "p", location: "global" } }), chat(true)).url).toBe(
      "https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    );
    expect(build(vertex("gemini-2.5-flash", { providerPrefix: "vertex_ai_beta" })).url).toContain("/v1beta1/projects/my-project/");
  });

  it("appends the method to api_base, which is the URL up to and with the model (LiteLLM's meaning)", () => {
    const apiBase = "https://proxy.example/vertex/v1/projects/p/locations/l/publishers/google/models/gemini-2.5-pro";
    expect(build(vertex("gemini-2.5-flash", { apiBase })).url).toBe(`${apiBase}:generateContent`);
    expect(build(vertex("gemini-2.5-flash", { apiBase }), chat(true)).url).toBe(`${apiBase}:streamGenerateContent?alt=sse`);
    const claudeBase = "https://proxy.example/publishers/anthropic/models/claude-sonnet-4@20250514";
    expect(build(vertex("claude-sonnet-4@20250514", { apiBase: claudeBase })).url).toBe(`${claudeBase}:rawPredict`);
    expect(build(vertex("claude-sonnet-4@20250514", { apiBase: claudeBase }), chat(true)).url).toBe(`${claudeBase}:streamRawPredict`);
  });

  it("takes the project from the service account when vertex_project is not set", () => {
    const deployment = vertex("gemini-2.5-flash", { vertex: { location: "europe-west4", credentials: JSON.stringify(serviceAccount) } });
    expect(build(deployment).url).toContain("europe-west4-aiplatform.googleapis.com/v1/projects/sa-project/locations/europe-west4/");
  });

  it("keeps a client's model name in one path segment, and refuses a location that is not a region", () => {
    expect(build(vertex("..?alt=x#y")).url).toContain("/models/..%3Falt%3Dx%23y:generateContent");
    // A name with a slash is a partner model's, which goes in the body, not the path.
    expect(build(vertex("../../x")).url).toMatch(/\/endpoints\/openapi\/chat\/completions$/);
    expect(() => build(vertex("gemini", { vertex: { project: "p", location: "evil.com/x" } }))).toThrow(UpstreamError);
  });
});

describe("partner models on Vertex AI", () => {
  it("sends publisher/model names to the location's OpenAI-compatible endpoint, the name as model", () => {
    const deployment = vertex("meta/llama-3.3-70b-instruct-maas");
    const request = build(deployment);
    expect(request.url).toBe("https://us-central1-aiplatform.googleapis.com/v1beta1/projects/my-project/locations/us-central1/endpoints/openapi/chat/completions");
    expect(JSON.parse(request.body!)).toEqual({ model: "meta/llama-3.3-70b-instruct-maas", messages: [{ role: "user", content: "hi" }] });
    expect(build(vertex("qwen/qwen3-coder-480b-a35b-instruct-maas", { apiBase: "https://proxy.example/v1beta1/projects/p/locations/global/endpoints/openapi" })).url).toBe(
      "https://proxy.example/v1beta1/projects/p/locations/global/endpoints/openapi/chat/completions",
    );
  });
});

describe("Mistral and AI21 models on Vertex AI", () => {
  it("sends Mistral's models to mistralai's rawPredict, the name without its version in the body", () => {
    const deployment = vertex("mistral-large@2407");
    const request = build(deployment);
    expect(request.url).toBe("https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/mistralai/models/mistral-large@2407:rawPredict");
    expect(JSON.parse(request.body!)).toEqual({ model: "mistral-large", messages: [{ role: "user", content: "hi" }] });
    const streamed = build(vertex("codestral@2405"), { ...chat(true), stream_options: { include_usage: true } });
    expect(streamed.url).toMatch(/\/publishers\/mistralai\/models\/codestral@2405:streamRawPredict$/);
    expect(JSON.parse(streamed.body!)).toEqual({ model: "codestral", messages: [{ role: "user", content: "hi" }], stream: true });
  });

  it("sends AI21's Jamba to ai21's rawPredict on v1beta1 with its whole name, and honours api_base", () => {
    const request = build(vertex("jamba-1.5-large@001"));
    expect(request.url).toBe("https://us-central1-aiplatform.googleapis.com/v1beta1/projects/my-project/locations/us-central1/publishers/ai21/models/jamba-1.5-large@001:rawPredict");
    expect(JSON.parse(request.body!).model).toBe("jamba-1.5-large@001");
    const base = "https://proxy.example/v1/projects/p/locations/europe-west4/publishers/mistralai/models/mistral-large@2407";
    expect(build(vertex("mistral-large@2407", { apiBase: base }), chat(true)).url).toBe(`${base}:streamRawPredict`);
  });

  it("answers chat only, and still serves Gemini names as Gemini", () => {
    expect(vertexProvider.forDeployment!(vertex("mistral-large@2407")).supports("embeddings")).toBe(false);
    expect(build(vertex("gemini-2.5-flash")).url).toMatch(/publishers\/google\/models\/gemini-2.5-flash:generateContent$/);
  });
});

describe("Claude on Vertex AI", () => {
  it("sends Anthropic's Messages body with Vertex's anthropic_version and no model, for chat and for messages", () => {
    const deployment = vertex("claude-sonnet-4@20250514");
    const translated = JSON.parse(build(deployment).body!);
    expect(translated).toMatchObject({ anthropic_version: "vertex-2023-10-16", max_tokens: 4096, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
    expect(translated.model).toBeUndefined();
    const passed = JSON.parse(build(deployment, { model: "claude", max_tokens: 10, messages: [{ role: "user", content: "x" }], stream: true }, "messages").body!);
    expect(passed).toEqual({ anthropic_version: "vertex-2023-10-16", max_tokens: 10, messages: [{ role: "user", content: "x" }], stream: true });
    expect(build(deployment, chat(), "messages").url).toContain("/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict");
  });

  it("serves /v1/messages natively only for Claude", () => {
    expect(vertexProvider.forDeployment!(vertex("claude-haiku-4-5")).supports("messages")).toBe(true);
    expect(vertexProvider.forDeployment!(vertex("gemini-2.5-flash")).supports("messages")).toBe(false);
  });
});

describe("the Gemini API", () => {
  it("sends the key in x-goog-api-key, never in the URL", () => {
    const deployment = testDeployment("g", { provider: "gemini", providerPrefix: "gemini", upstreamModel: "gemini-2.0-flash", apiBase: "", apiKey: "AIza-secret" });
    const request = geminiProvider.buildRequest("chat", deployment, chat(true));
    expect(request.url).toBe("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    expect(request.headers).toEqual({ "content-type": "application/json", "x-goog-api-key": "AIza-secret" });
  });
});

/** An upstream client that plays the token endpoint. */
function tokenEndpoint(answer: (request: UpstreamRequest) => { status: number; text: string }) {
  const sent: UpstreamRequest[] = [];
  const upstream: UpstreamClient = {
    send: () => Promise.reject(new Error("not used")),
    sendBuffered: async (request) => {
      sent.push(request);
      return { headers: {}, ...answer(request) };
    },
    close: async () => undefined,
  };
  return { sent, services: { upstream, tokens: new AccessTokens(), now: Date.now } };
}

describe("Vertex AI authorisation", () => {
  it("exchanges an RS256 assertion, signed by the account's key for its token_uri and scope, for a bearer token", async () => {
    const { sent, services } = tokenEndpoint(() => ({ status: 200, text: JSON.stringify({ access_token: "ya29.abc", expires_in: 3599, token_type: "Bearer" }) }));
    const deployment = vertex("gemini-2.5-flash");
    const provider = vertexProvider.forDeployment!(deployment);
    const request = await provider.authorize!(provider.buildRequest("chat", deployment, chat()), deployment, services);
    expect(request.headers.authorization).toBe("Bearer ya29.abc");
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe("https://tokens.example/token");
    const form = new URLSearchParams(sent[0].body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(sent[0].body).not.toContain("PRIVATE");
    const { payload, protectedHeader } = await jwtVerify(form.get("assertion")!, await importSPKI(pair.publicKey, "RS256"), {
      issuer: serviceAccount.client_email,
      audience: serviceAccount.token_uri,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: "kid-1" });
    expect(payload.scope).toBe(cloudPlatformScope);
    expect(payload.exp! - payload.iat!).toBe(3600);

    await provider.authorize!(provider.buildRequest("chat", deployment, chat()), deployment, services);
    expect(sent).toHaveLength(1);
  });

  it("answers a refused token request with a retryable 401 that says why and carries no secret", async () => {
    const { services } = tokenEndpoint(() => ({ status: 400, text: JSON.stringify({ error: "invalid_grant", error_description: "Invalid JWT Signature." }) }));
    const deployment = vertex("gemini-2.5-flash");
    const failure = await vertexProvider.authorize!({ url: "u", method: "POST", headers: {} }, deployment, services).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ status: 401, isRetryable: true, body: { error: { type: "authentication_error", code: "upstream_auth_failed" } } });
    const message = (failure as UpstreamError).message;
    expect(message).toBe("Google's token endpoint tokens.example refused the Vertex AI credentials (invalid_grant: Invalid JWT Signature.)");
  });

  it("says which credentials are unusable without quoting them", async () => {
    const { services } = tokenEndpoint(() => ({ status: 200, text: "{}" }));
    const cases: Array<[string | undefined, RegExp]> = [
      [undefined, /has no Vertex AI credentials/],
      ["/nonexistent/sa.json", /Cannot read the Vertex AI credentials file \/nonexistent\/sa.json \(ENOENT\)/],
      ['{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----secret"}', /is not a service account or authorized_user key file \(check client_email\)/],
      ["{not json", /is not JSON/],
    ];
    for (const [credentials, expected] of cases) {
      const deployment = vertex("gemini-2.5-flash", { vertex: { project: "p", location: "us-central1", credentials } });
      const failure = (await vertexProvider.authorize!({ url: "u", method: "POST", headers: {} }, deployment, services).catch((error: unknown) => error)) as UpstreamError;
      expect(failure).toBeInstanceOf(UpstreamError);
      expect(failure.message).toMatch(expected);
      expect(failure.message).not.toContain("secret");
      expect(failure).toMatchObject({ status: 503, isRetryable: true });
    }
  });

  it("exchanges an authorized_user file's refresh token, with no assertion", async () => {
    const { sent, services } = tokenEndpoint(() => ({ status: 200, text: JSON.stringify({ access_token: "ya29.user", expires_in: 3599 }) }));
    const credentials = JSON.stringify({ type: "authorized_user", client_id: "id.apps", client_secret: "s3cret", refresh_token: "1//refresh", quota_project_id: "quota-project" });
    const deployment = vertex("gemini-2.5-flash", { vertex: { location: "us-central1", credentials } });
    const provider = vertexProvider.forDeployment!(deployment);
    const request = await provider.authorize!(provider.buildRequest("chat", deployment, chat()), deployment, services);
    expect(request.url).toContain("/projects/quota-project/");
    expect(request.headers.authorization).toBe("Bearer ya29.user");
    expect(sent[0].url).toBe("https://oauth2.googleapis.com/token");
    expect(Object.fromEntries(new URLSearchParams(sent[0].body))).toEqual({ grant_type: "refresh_token", client_id: "id.apps", client_secret: "s3cret", refresh_token: "1//refresh" });
  });

  it("refuses a file path in a stored credential's vertex_credentials, but not in the config's", async () => {
    const { services } = tokenEndpoint(() => ({ status: 200, text: JSON.stringify({ access_token: "ya29.x", expires_in: 3599 }) }));
    const storedCredential = { name: "vertex-shared", model: "vertex_ai/gemini-2.5-flash", own: {} };
    const fromStore = vertex("gemini-2.5-flash", { storedCredential, vertex: { project: "p", location: "us-central1", credentials: "/etc/passwd" } });
    const failure = (await vertexProvider.authorize!({ url: "u", method: "POST", headers: {} }, fromStore, services).catch((error: unknown) => error)) as UpstreamError;
    expect(failure.message).toMatch(/stored credential "vertex-shared", whose vertex_credentials must be the service account's JSON, not a file path/);
    const fromConfig = vertex("gemini-2.5-flash", {
      storedCredential: { ...storedCredential, own: { vertex_credentials: "/nonexistent/sa.json" } },
      vertex: { project: "p", location: "us-central1", credentials: "/nonexistent/sa.json" },
    });
    const configFailure = (await vertexProvider.authorize!({ url: "u", method: "POST", headers: {} }, fromConfig, services).catch((error: unknown) => error)) as UpstreamError;
    expect(configFailure.message).toMatch(/Cannot read the Vertex AI credentials file/);
    const inline = vertex("gemini-2.5-flash", { storedCredential, vertex: { project: "p", location: "us-central1", credentials: JSON.stringify(serviceAccount) } });
    expect((await vertexProvider.authorize!({ url: "u", method: "POST", headers: {} }, inline, services)).headers.authorization).toBe("Bearer ya29.x");
  });
});
