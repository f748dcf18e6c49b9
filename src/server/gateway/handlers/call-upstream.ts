import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { connectDeployment } from "../credentials/connect-deployment";
import { GatewayError, errorBody } from "../errors";
import type { GatewayRequest } from "../http";
import { providerFor } from "../providers";
import type { JsonObject, Operation, Provider } from "../providers/types";
import { toUpstreamError, upstreamUrl, type UpstreamResponse } from "../providers/upstream-client";
import { UpstreamError, parseUpstreamErrorBody } from "../providers/upstream-error";

export interface UpstreamAnswer {
  deployment: Deployment;
  provider: Provider;
  response: UpstreamResponse;
  /** For non-streamed answers: the whole body, already read (and so retryable if broken). */
  text?: string;
  json?: unknown;
}

function header(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name];
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
): Promise<UpstreamAnswer> {
  const provider = providerFor(deployment.provider);
  if (!provider.supports(operation)) {
    throw new GatewayError("unsupported_operation", `Model group "${deployment.modelGroup}" (${deployment.providerPrefix}) does not support ${operation}`, {
      param: "model",
    });
  }
  const connected = deployment.storedCredential ? await connectDeployment(ctx, deployment) : deployment;
  const request = provider.buildRequest(operation, connected, body);
  const response = await client.timing.upstream(ctx.upstream.send(request, { signal: client.signal, timeoutMs: deployment.timeoutMs }));
  const { host } = upstreamUrl(request.url);

  if (response.status >= 400) {
    const text = await client.timing.upstream(readText(response, host));
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the lenient parser below makes a message of the text.
    }
    const openAIBody = provider.translateError?.(response.status, parsed) ?? parseUpstreamErrorBody(response.status, text);
    const retryAfter = Number(header(response, "retry-after"));
    throw new UpstreamError(response.status, openAIBody, { retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined });
  }
  if (streamed) return { deployment, provider, response };

  const text = await client.timing.upstream(readText(response, host));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UpstreamError(502, errorBody(`Upstream ${host} answered ${response.status} with a body that is not JSON`, "server_error", "upstream_invalid_response"));
  }
  return { deployment, provider, response, text, json };
}

async function readText(response: UpstreamResponse, host: string): Promise<string> {
  try {
    // undici's body reads itself whole without a stream iterator; other clients (tests) give plain Readables.
    const body = response.body as UpstreamResponse["body"] & { text?: () => Promise<string> };
    if (typeof body.text === "function") return await body.text();
    return await body.setEncoding("utf8").toArray().then((parts: string[]) => parts.join(""));
  } catch (error) {
    throw toUpstreamError(error, host);
  }
}
