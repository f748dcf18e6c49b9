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

export function vertexModelUrl(deployment: Deployment, publisher: "google" | "anthropic"): string {
  const version = deployment.providerPrefix === "vertex_ai_beta" ? "v1beta1" : "v1";
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

const jsonHeaders = () => ({ "content-type": "application/json" });

const geminiOnVertex = geminiChatProvider({
  url: (deployment, method) => methodUrl(deployment.apiBase, () => vertexModelUrl(deployment, "google"), method),
  headers: jsonHeaders,
  authorize,
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
  translateError: (status, body) => googleError(status, body),
};

export function isClaudeModel(model: string): boolean {
  return model.startsWith("claude");
}

/** `vertex_ai/...` (and `vertex_ai_beta/...`): Gemini models, Claude, and partner models named `publisher/model`. */
export const vertexProvider: Provider = {
  ...geminiOnVertex,
  forDeployment(deployment) {
    if (isClaudeModel(deployment.upstreamModel)) return claudeOnVertex;
    return deployment.upstreamModel.includes("/") ? partnerOnVertex : geminiOnVertex;
  },
};
