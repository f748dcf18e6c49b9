import { SpanKind, SpanStatusCode, type Attributes, type SpanStatus } from "@opentelemetry/api";
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from "@opentelemetry/semantic-conventions";
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from "@opentelemetry/semantic-conventions/incubating";
import type { Deployment } from "../../config/types";
import type { FinishedRequest } from "./request-observer";
import { inputMessagesOf, outputMessagesOf, responseFacts } from "./message-contents";

// One span per gateway request, named and described by the OpenTelemetry GenAI semantic
// conventions (gen_ai.*), with Switchyard's own facts under switchyard.*.

export interface SpanRecord {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
  status: SpanStatus;
}

/** GenAI operation names: the Responses and Messages APIs are chat, as OpenAI's and Anthropic's instrumentations name them. */
const operationNames: Record<string, string> = { chat: "chat", responses: "chat", messages: "chat", embeddings: "embeddings" };

/** gen_ai.provider.name's well-known values for the providers that have one; any other is its LiteLLM prefix. */
const providerNames: Record<string, string> = {
  openai: "openai",
  azure: "azure.ai.openai",
  azure_ai: "azure.ai.inference",
  anthropic: "anthropic",
  bedrock: "aws.bedrock",
  vertex_ai: "gcp.vertex_ai",
  vertex_ai_beta: "gcp.vertex_ai",
  gemini: "gcp.gemini",
  groq: "groq",
  mistral: "mistral_ai",
  deepseek: "deepseek",
  xai: "x_ai",
  perplexity: "perplexity",
  cohere: "cohere",
};

export function providerNameOf(deployment: Deployment): string {
  return providerNames[deployment.providerPrefix] ?? deployment.providerPrefix;
}

/** server.address and server.port of a deployment's api_base, parsed once per base. */
const servers = new Map<string, { address: string; port: number } | null>();
function serverOf(apiBase: string): { address: string; port: number } | null {
  let server = servers.get(apiBase);
  if (server === undefined) {
    try {
      const url = new URL(apiBase);
      server = { address: url.hostname, port: url.port === "" ? (url.protocol === "http:" ? 80 : 443) : Number(url.port) };
    } catch {
      server = null;
    }
    if (servers.size < 1_000) servers.set(apiBase, server);
  }
  return server;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The span of one finished request; contents (prompts, completions) only when `withContents`. */
export function genAiSpan(request: FinishedRequest, withContents: boolean): SpanRecord {
  const operation = operationNames[request.operation] ?? request.operation;
  const { deployment, usage, body } = request;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: operation,
    [ATTR_GEN_AI_REQUEST_MODEL]: request.model,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: request.statusCode,
    "switchyard.request_id": request.requestId,
    "switchyard.call_type": request.operation,
    "switchyard.status": request.status,
  };
  // Each attribute is paid for per request (the SDK checks it twice, OTLP encodes it): what is
  // usually false or zero is left out, and its absence says so.
  if (request.streamed) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  if (request.attemptedFallbacks > 0) attributes["switchyard.attempted_fallbacks"] = request.attemptedFallbacks;
  if (deployment) {
    const provider = providerNameOf(deployment);
    attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
    attributes["switchyard.deployment.id"] = deployment.id;
    attributes["switchyard.model_group"] = deployment.modelGroup;
    const server = serverOf(deployment.apiBase);
    if (server) {
      attributes[ATTR_SERVER_ADDRESS] = server.address;
      attributes[ATTR_SERVER_PORT] = server.port;
    }
  }
  if (body) {
    const maxTokens = numberOf(body.max_tokens) ?? numberOf(body.max_completion_tokens) ?? numberOf(body.max_output_tokens);
    if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens;
    const temperature = numberOf(body.temperature);
    if (temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = temperature;
    const topP = numberOf(body.top_p);
    if (topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = topP;
  }
  const facts = responseFacts(request.operation, request.answer);
  const responseModel = facts.model ?? deployment?.upstreamModel;
  if (responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
  if (facts.id !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = facts.id;
  if (facts.finishReasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = facts.finishReasons;
  if (usage) {
    attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.promptTokens;
    attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.completionTokens;
    if (usage.cachedTokens > 0) attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cachedTokens;
    if (usage.cacheCreationTokens > 0) attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheCreationTokens;
  }
  if (request.cost !== undefined) attributes["switchyard.cost_usd"] = request.cost;
  if (request.affinity !== undefined) attributes["switchyard.affinity"] = request.affinity;
  if (request.teamId !== undefined) attributes["switchyard.team_id"] = request.teamId;
  if (request.keyAlias !== undefined) attributes["switchyard.key_alias"] = request.keyAlias;
  if (withContents) {
    const input = inputMessagesOf(request.operation, body);
    if (input !== undefined) attributes[ATTR_GEN_AI_INPUT_MESSAGES] = input;
    const output = outputMessagesOf(request.operation, request.answer);
    if (output !== undefined) attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = output;
  }
  let status: SpanStatus = { code: SpanStatusCode.UNSET };
  if (request.status === "failure") {
    attributes[ATTR_ERROR_TYPE] = request.errorType ?? String(request.statusCode);
    status = { code: SpanStatusCode.ERROR, message: request.errorMessage };
  }
  return { name: `${operation} ${request.model}`, kind: SpanKind.CLIENT, attributes, status };
}
