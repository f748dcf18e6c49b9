import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { connectDeployment } from "../credentials/connect-deployment";
import { GatewayError, errorBody } from "../errors";
import type { GatewayRequest } from "../http";
import { providerForDeployment } from "../providers";
import type { JsonObject, Operation, Provider } from "../providers/types";
import { readText, sendBuffered, sendStreamed, upstreamUrl, type StreamedUpstreamResponse, type UpstreamResponse } from "../providers/upstream-client";
import { UpstreamError, parseUpstreamErrorBody } from "../providers/upstream-error";

/** A streamed answer, its body still to be relayed; or a whole one, already read (and so retryable if broken). */
export type UpstreamAnswer = { deployment: Deployment; provider: Provider; status: number } & (
  { streamed: true; response: StreamedUpstreamResponse } | { streamed: false; text: string; json: unknown }
);

function header(headers: UpstreamResponse["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One attempt on one deployment. Anything that means "this deployment failed" is thrown as an
 * UpstreamError so the router can count it and try another: error statuses, broken connections,
 * and for non-streamed calls a 2xx whose body is not JSON.
 */
export async function callUpstream(
  ctx: GatewayContext,
  deployment: Deployment,
  operation: Operation,
  body: JsonObject,
  streamed: boolean,
  client: Pick<GatewayRequest, "signal" | "timing">,
  options: {
    /** The client's JSON text that `body` was parsed from, when `body` is still exactly that. */
    sourceText?: string;
    /** Client headers the upstream must see (Anthropic's `anthropic-version`, `anthropic-beta`); they win over the provider's. */
    headers?: Record<string, string>;
  } = {},
): Promise<UpstreamAnswer> {
  const provider = providerForDeployment(deployment);
  if (!provider.supports(operation)) {
    throw new GatewayError("unsupported_operation", `Model group "${deployment.modelGroup}" (${deployment.providerPrefix}) does not support ${operation}`, {
      param: "model",
    });
  }
  const connected = deployment.storedCredential ? await connectDeployment(ctx, deployment) : deployment;
  const defaulted = deployment.requestDefaults ? withRequestDefaults(operation, body, deployment.requestDefaults) : body;
  const sent = deployment.additionalDropParams ? withoutParams(defaulted, deployment.additionalDropParams) : defaulted;
  const built = provider.buildRequest(operation, connected, sent, sent === body ? options.sourceText : undefined);
  if (deployment.extraHeaders) Object.assign(built.headers, lowerCased(deployment.extraHeaders));
  if (options.headers) Object.assign(built.headers, options.headers);
  const request = provider.authorize ? await provider.authorize(built, connected, ctx) : built;
  const streamTimeout = streamed && deployment.streamTimeoutMs !== undefined;
  const timeoutMs = streamTimeout ? deployment.streamTimeoutMs! : deployment.timeoutMs;
  const timeoutSetting = streamTimeout ? "stream_timeout" : "timeout";
  const sendOptions = { signal: client.signal, timeoutMs, timeoutSetting, checkAddresses: connected.storedApiBase };
  const { host } = upstreamUrl(request.url);

  if (streamed) {
    const response = await client.timing.upstream(sendStreamed(ctx.upstream, request, sendOptions));
    if (response.status === 401) provider.unauthorized?.(request, connected, ctx);
    if (response.status >= 400) failed(provider, response.status, response.headers, await client.timing.upstream(readText(response, host)));
    return { deployment, provider, status: response.status, streamed: true, response };
  }
  const answer = await client.timing.upstream(sendBuffered(ctx.upstream, request, sendOptions));
  if (answer.status === 401) provider.unauthorized?.(request, connected, ctx);
  if (answer.status >= 400) failed(provider, answer.status, answer.headers, answer.text);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new UpstreamError(502, errorBody(`Upstream ${host} answered ${answer.status} with a body that is not JSON`, "server_error", "upstream_invalid_response"));
  }
  return { deployment, provider, status: answer.status, streamed: false, text: answer.text, json };
}

/** Anthropic's names for the chat settings a Messages request can take; the others do not apply there. */
const messagesNames: Record<string, string | undefined> = { temperature: "temperature", top_p: "top_p", max_tokens: "max_tokens", stop: "stop_sequences" };

/** The deployment's generation settings where the request has none of its own (LiteLLM's `litellm_params` defaults). */
function withRequestDefaults(operation: Operation, body: JsonObject, defaults: Readonly<Record<string, unknown>>): JsonObject {
  if (operation !== "chat" && operation !== "messages") return body;
  let out: JsonObject | undefined;
  for (const [key, value] of Object.entries(defaults)) {
    const name = operation === "chat" ? key : messagesNames[key];
    if (name === undefined || body[name] !== undefined) continue;
    out ??= { ...body };
    out[name] = name === "stop_sequences" && typeof value === "string" ? [value] : value;
  }
  return out ?? body;
}

/** LiteLLM's `additional_drop_params`: the body without them. */
function withoutParams(body: JsonObject, names: readonly string[]): JsonObject {
  if (!names.some((name) => name in body)) return body;
  const out = { ...body };
  for (const name of names) delete out[name];
  return out;
}

/** Header names as the providers write theirs, so an extra header replaces the provider's rather than doubling it. */
function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** An error status from the upstream, as the OpenAI-shaped UpstreamError the router counts. */
function failed(provider: Provider, status: number, headers: UpstreamResponse["headers"], text: string): never {
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the lenient parser below makes a message of the text.
  }
  const openAIBody = provider.translateError?.(status, parsed, headers) ?? parseUpstreamErrorBody(status, text);
  const retryAfter = Number(header(headers, "retry-after"));
  throw new UpstreamError(status, openAIBody, { retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined });
}
