import type { Deployment } from "../../config/types";
import type { OpenAIErrorBody } from "../errors";
import type { Usage } from "../pricing/usage";
import type { SseEvent } from "../stream/sse";
import type { AccessTokens } from "./access-tokens";
import type { UpstreamClient } from "./upstream-client";

/** What a client asked the gateway to do: an OpenAI operation, or Anthropic's Messages API (`/v1/messages` and its `/count_tokens`). */
export type Operation = "chat" | "responses" | "embeddings" | "messages" | "count_tokens";

export type JsonObject = Record<string, unknown>;

export interface UpstreamRequest {
  /** Absolute URL of the upstream endpoint, query included. */
  url: string;
  method: "GET" | "POST" | "DELETE";
  headers: Record<string, string>;
  body?: string;
}

/** Turns one request's upstream SSE events into OpenAI-shaped `data:` payloads. */
export interface StreamTranslator {
  /** How the upstream frames its stream: server-sent events (the default), or one JSON object per line (Ollama). */
  framing?: "ndjson";
  /** Zero or more OpenAI `data:` payloads (JSON text, or `[DONE]`) for one upstream event. */
  translate(event: SseEvent): string[];
  /** Payloads that close the answer when the upstream stream has ended cleanly; absent when there are none. */
  end?(): string[];
  /** The usage to record, read from the upstream's own events, when the translated ones would lose detail. */
  recordedUsage?(): Usage | undefined;
}

/** What a provider may use to authorise a request: the gateway's upstream client, its token cache and clock. */
export interface ProviderServices {
  upstream: UpstreamClient;
  tokens: AccessTokens;
  now: () => number;
}

/**
 * One provider: how to reach it and, where its wire format is not OpenAI's, how to translate.
 * Adding a provider is adding one file that implements this.
 */
export interface Provider {
  supports(operation: Operation): boolean;
  /** `sourceText`, when given, is the client's JSON text that `body` was parsed from, unchanged since. */
  buildRequest(operation: Operation, deployment: Deployment, body: JsonObject, sourceText?: string): UpstreamRequest;
  /**
   * A request for a stored resource (`/responses/{id}`, `/responses/{id}/cancel`, ...), with the
   * client's query string; absent when the provider has no such resources.
   */
  buildResourceRequest?(deployment: Deployment, method: UpstreamRequest["method"], resourcePath: string, query: string): UpstreamRequest;
  /**
   * A 2xx JSON answer in OpenAI's shape; absent when the provider already speaks it. `request` is
   * the body the client sent, for what the answer's shape depends on (embeddings' `encoding_format`).
   */
  translateResponse?(operation: Operation, body: unknown, request?: JsonObject): unknown;
  /** Absent when the provider's stream is already OpenAI's and passes through untouched. */
  createStreamTranslator?(operation: Operation): StreamTranslator;
  /** The provider that serves this deployment's model, when one prefix covers two wire formats (Claude on Vertex AI). */
  forDeployment?(deployment: Deployment): Provider;
  /**
   * Credentials obtained per request (an OAuth access token): the built request, authorised.
   * Absent when `buildRequest` already put them in the headers.
   */
  authorize?(request: UpstreamRequest, deployment: Deployment, services: ProviderServices): Promise<UpstreamRequest>;
  /** An error answer in OpenAI's shape; absent when the provider's errors already are. */
  translateError?(status: number, body: unknown): OpenAIErrorBody | undefined;
}
