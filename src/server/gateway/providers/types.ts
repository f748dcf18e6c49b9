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
 * Turns a binary-framed upstream stream (Bedrock's `application/vnd.amazon.eventstream`) into
 * events for the provider's StreamTranslator. SSE upstreams have none: the relay splits their text.
 */
export interface StreamDecoder {
  /** The events completed by this chunk; a message split across chunks waits for its rest. */
  push(chunk: Uint8Array): SseEvent[];
  /** At the stream's end: anything left over, or a throw when the stream was cut inside a message. */
  end?(): SseEvent[];
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
   * the body sent for it, for what the answer's shape depends on (embeddings' `encoding_format`);
   * `deployment`, the one that answered (Bedrock's answer shape depends on its model).
   */
  translateResponse?(operation: Operation, body: unknown, request?: JsonObject, deployment?: Deployment): unknown;
  /** Absent when the provider's stream is already OpenAI's and passes through untouched. */
  createStreamTranslator?(operation: Operation, deployment?: Deployment): StreamTranslator | undefined;
  /** Absent when the provider streams SSE; else what decodes its framing into events for the translator. */
  createStreamDecoder?(operation: Operation, deployment: Deployment): StreamDecoder | undefined;
  /** The provider that serves this deployment's model, when one prefix covers two wire formats (Claude on Vertex AI). */
  forDeployment?(deployment: Deployment): Provider;
  /**
   * The built request, made ready to send when that needs waiting for: an OAuth access token
   * (Vertex AI), a signature over the final headers and body (Bedrock). Absent when `buildRequest`
   * already put the credentials in.
   */
  authorize?(request: UpstreamRequest, deployment: Deployment, services: ProviderServices): Promise<UpstreamRequest>;
  /** The upstream answered 401 to an `authorize`d request: forget what authorize cached for it (a revoked token), so the next request gets another. */
  unauthorized?(request: UpstreamRequest, deployment: Deployment, services: ProviderServices): void;
  /** An error answer in OpenAI's shape; absent when the provider's errors already are. */
  translateError?(status: number, body: unknown, headers?: Record<string, string | string[] | undefined>): OpenAIErrorBody | undefined;
}
