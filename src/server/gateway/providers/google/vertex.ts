import type { Deployment } from "../../../config/types";
import { GatewayError } from "../../errors";
import { toAnthropicRequest, toChatCompletion } from "../anthropic";
import { createChatStreamTranslator, toOpenAIError as anthropicError } from "../anthropic-stream";
import { upstreamBody } from "../openai";
import type { Provider, ProviderServices, UpstreamRequest } from "../types";
import { geminiChatProvider, methodUrl, modelPathSegment } from "./gemini-chat";
import { fromVertexPredictResponse, toVertexPredictRequest } from "./google-embeddings";
import { toOpenAIError as googleError } from "./google-errors";
import { credentialsProblem, loadGoogleCredentials, projectOfCredentials } from "./service-account";
import { fetchGoogleToken, tokenKeyOf } from "./vertex-token";

/** What Vertex AI's Anthropic models take in the body in place of the `anthropic-version` header. */
export const vertexAnthropicVersion = "vertex-2023-10-16";

function where(deployment: Deployment): string {
  return `Model group "${deployment.modelGroup}" (deployment ${deployment.id})`;
}

function settingsOf(deployment: Deployment): NonNullable<Deployment["vertex"]> {
  return deployment.vertex ?? { location: "us-central1" };
}

/**
 * vertex_credentials as the deployment has it. Trust boundary: one an admin stored at run time
 * must be the JSON itself; a file path would let whoever edits stored credentials have the
 * gateway read files of its host. Paths are for the operator's config and environment.
 */
function credentialsOf(deployment: Deployment): string | undefined {
  const { credentials } = settingsOf(deployment);
  const ref = deployment.storedCredential;
  const fromStore = ref !== undefined && credentials !== ref.own.vertex_credentials && credentials !== ref.fallbacks?.vertex_credentials;
  if (fromStore && credentials !== undefined && !credentials.trimStart().startsWith("{")) {
    throw credentialsProblem(`${where(deployment)} uses stored credential "${ref.name}", whose vertex_credentials must be the service account's JSON, not a file path`);
  }
  return credentials;
}

/** vertex_project, else the project of the credentials (as LiteLLM and Google's own clients do). */
function projectOf(deployment: Deployment): string {
  const { project } = settingsOf(deployment);
  const credentials = project === undefined ? credentialsOf(deployment) : undefined;
  const found = project ?? (credentials !== undefined ? projectOfCredentials(loadGoogleCredentials(credentials)) : undefined);
  if (found === undefined) throw credentialsProblem(`${where(deployment)} has no vertex_project (set it, or VERTEXAI_PROJECT)`);
  return found;
}

/**
 * The regional endpoint, or the global one for `global`. The location becomes part of a host
 * name, so only a region's characters are accepted.
 */
function locationUrl(deployment: Deployment, version: string): string {
  const { location } = settingsOf(deployment);
  if (!/^[a-z0-9-]+$/.test(location)) throw credentialsProblem(`${where(deployment)} has a vertex_location that is not a region name`);
  const host = location === "global" ? "aiplatform.googleapis.com" : `${location}-aiplatform.googleapis.com`;
  return `https://${host}/${version}/projects/${encodeURIComponent(projectOf(deployment))}/locations/${location}`;
}

type Publisher = "google" | "anthropic" | "mistralai" | "ai21";

export function vertexModelUrl(deployment: Deployment, publisher: Publisher, version = deployment.providerPrefix === "vertex_ai_beta" ? "v1beta1" : "v1"): string {
  return `${locationUrl(deployment, version)}/publishers/${publisher}/models/${modelPathSegment(deployment.upstreamModel)}`;
}

/** A Google OAuth token for the deployment's credentials, shared and renewed by the gateway's token cache. */
async function authorize(request: UpstreamRequest, deployment: Deployment, services: ProviderServices): Promise<UpstreamRequest> {
  const source = credentialsOf(deployment);
  if (source === undefined) throw credentialsProblem(`${where(deployment)} has no Vertex AI credentials (set vertex_credentials, or GOOGLE_APPLICATION_CREDENTIALS)`);
  // A credential an admin stored may not send its assertion to an internal address.
  const checkAddresses = deployment.storedCredential !== undefined;
  const token = await services.tokens.token(tokenKeyOf(source), () => fetchGoogleToken(source, services, checkAddresses));
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

/** A token Vertex refused (revoked, or its account's rights changed) is dropped from the cache; the next request fetches another. */
function unauthorized(request: UpstreamRequest, deployment: Deployment, services: ProviderServices): void {
  const source = credentialsOf(deployment);
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (source !== undefined && token !== undefined) services.tokens.discard(tokenKeyOf(source), token);
}

const jsonHeaders = () => ({ "content-type": "application/json" });

const geminiOnVertex = geminiChatProvider({
  url: (deployment, method) => methodUrl(deployment.apiBase, () => vertexModelUrl(deployment, "google"), method),
  headers: jsonHeaders,
  authorize,
  unauthorized,
  embeddings: { method: "predict", request: (_model, body) => toVertexPredictRequest(body), response: fromVertexPredictResponse },
});

/**
 * Claude on Vertex AI: Anthropic's Messages API behind `rawPredict`/`streamRawPredict`, with the
 * API version in the body and no model (the URL names it). Chat is translated as for Anthropic
 * itself; `/v1/messages` goes as the client sent it.
 */
const claudeOnVertex: Provider = {
  supports: (operation) => operation === "chat" || operation === "messages",
  buildRequest(operation, deployment, body) {
    if (operation !== "chat" && operation !== "messages") throw new GatewayError("unsupported_operation", `Claude on Vertex AI serves chat and messages, not ${operation}.`);
    const method = body.stream === true ? "streamRawPredict" : "rawPredict";
    const anthropicBody = operation === "messages" ? body : toAnthropicRequest(deployment.upstreamModel, body, deployment.dropParams);
    const { model: _model, ...rest } = anthropicBody;
    return {
      url: methodUrl(deployment.apiBase, () => vertexModelUrl(deployment, "anthropic"), method),
      method: "POST",
      headers: jsonHeaders(),
      body: JSON.stringify({ anthropic_version: vertexAnthropicVersion, ...rest }),
    };
  },
  authorize,
  unauthorized,
  translateResponse: (_operation, body) => toChatCompletion(body),
  createStreamTranslator: () => createChatStreamTranslator(),
  // Anthropic's errors come from the model; Google's own (auth, quota) from Vertex in front of it.
  translateError: (status, body) => anthropicError(body) ?? googleError(status, body),
};

/**
 * Partner models served as a service (`meta/llama-...-maas`, `qwen/...`, `openai/gpt-oss-...`):
 * OpenAI's chat protocol at the location's `endpoints/openapi`, the publisher/model as `model`.
 * An `api_base` here is the URL up to `/endpoints/openapi`, to which `/chat/completions` is added.
 */
function openApiChatUrl(deployment: Deployment): string {
  const base = deployment.apiBase !== "" ? deployment.apiBase : `${locationUrl(deployment, "v1beta1")}/endpoints/openapi`;
  return `${base}/chat/completions`;
}

const partnerOnVertex: Provider = {
  supports: (operation) => operation === "chat",
  buildRequest(operation, deployment, body, sourceText) {
    if (operation !== "chat") throw new GatewayError("unsupported_operation", `Vertex AI partner models serve chat completions only, not ${operation}.`);
    return { url: openApiChatUrl(deployment), method: "POST", headers: jsonHeaders(), body: upstreamBody(operation, deployment, body, sourceText) };
  },
  authorize,
  unauthorized,
  translateError: (status, body) => googleError(status, body),
};

/**
 * Mistral's models (`mistral-large@2407`, `codestral@2405`) and AI21's (`jamba-1.5-large@001`):
 * OpenAI's chat protocol behind the publisher's `rawPredict`/`streamRawPredict`, as LiteLLM
 * calls them. Mistral takes the name without its `@version` in the body; AI21 the whole name.
 * Their streams carry usage in the last chunk unasked, and `stream_options` is not theirs to take.
 */
function rawPredictPartner(publisher: "mistralai" | "ai21", version: "v1" | "v1beta1"): Provider {
  return {
    supports: (operation) => operation === "chat",
    buildRequest(operation, deployment, body) {
      if (operation !== "chat") throw new GatewayError("unsupported_operation", `${publisher} models on Vertex AI serve chat completions only, not ${operation}.`);
      const method = body.stream === true ? "streamRawPredict" : "rawPredict";
      const model = publisher === "mistralai" ? deployment.upstreamModel.split("@")[0] : deployment.upstreamModel;
      const { stream_options: _usageComesUnasked, ...rest } = body;
      return {
        url: methodUrl(deployment.apiBase, () => vertexModelUrl(deployment, publisher, version), method),
        method: "POST",
        headers: jsonHeaders(),
        body: JSON.stringify({ ...rest, model }),
      };
    },
    authorize,
    unauthorized,
    translateError: (status, body) => googleError(status, body),
  };
}

const mistralOnVertex = rawPredictPartner("mistralai", "v1");
const ai21OnVertex = rawPredictPartner("ai21", "v1beta1");

/** Which publisher's protocol a Vertex AI model name without a `publisher/` part is served with (LiteLLM's name rules). */
function publisherOf(model: string): Provider {
  if (isClaudeModel(model)) return claudeOnVertex;
  if (model.includes("mistral") || model.includes("codestral")) return mistralOnVertex;
  if (model.includes("jamba")) return ai21OnVertex;
  return geminiOnVertex;
}

export function isClaudeModel(model: string): boolean {
  return model.startsWith("claude");
}

/** `vertex_ai/...` (and `vertex_ai_beta/...`): Gemini models, Claude, Mistral, AI21, and partner models named `publisher/model`. */
export const vertexProvider: Provider = {
  ...geminiOnVertex,
  forDeployment(deployment) {
    const model = deployment.upstreamModel;
    return model.includes("/") && !isClaudeModel(model) ? partnerOnVertex : publisherOf(model);
  },
};
