import type { Deployment } from "../../config/types";
import { credentialHashOf } from "../affinity/credential-hash";
import { ownedBy } from "../affinity/resolve-affinity";
import type { GatewayContext } from "../context";
import { connectDeployment } from "../credentials/connect-deployment";
import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import { providerFor } from "../providers";
import { toUpstreamError } from "../providers/upstream-client";

export type ResponseAction = "retrieve" | "delete" | "cancel" | "input_items";

const suffixes: Record<ResponseAction, string> = { retrieve: "", delete: "", cancel: "/cancel", input_items: "/input_items" };
const methods = { retrieve: "GET", delete: "DELETE", cancel: "POST", input_items: "GET" } as const;

function notFound(responseId: string): GatewayError {
  return new GatewayError("not_found", `Response with id '${responseId}' not found.`, { param: "response_id" });
}

/** A deployment that holds the response: the one that made it, or any with the same credentials. */
function holderOf(ctx: GatewayContext, deploymentId: string, credentialHash: string): Deployment | undefined {
  const all = ctx.config.deployments.filter((deployment) => credentialHashOf(deployment) === credentialHash);
  return all.find((deployment) => deployment.id === deploymentId) ?? all[0];
}

/**
 * `GET|DELETE /v1/responses/{id}`, `POST .../cancel`, `GET .../input_items`: sent to the
 * credentials that created the response. Another team's response id is simply not found.
 */
export async function responseResource(ctx: GatewayContext, request: GatewayRequest, principal: Principal, responseId: string, action: ResponseAction): Promise<GatewayResponse> {
  const [record] = (await ctx.affinity.store.find([responseId], ctx.now())).filter((row) => row.kind === "response" && ownedBy(row, principal));
  if (!record) throw notFound(responseId);
  const deployment = holderOf(ctx, record.deploymentId, record.credentialHash);
  if (!deployment) {
    throw new GatewayError("conflict", `Response '${responseId}' is held under provider credentials that no configured deployment has any more.`);
  }
  const provider = providerFor(deployment.provider);
  if (!provider.buildResourceRequest) throw notFound(responseId);
  const connected = await connectDeployment(ctx, deployment);
  const upstreamRequest = provider.buildResourceRequest(connected, methods[action], `/responses/${encodeURIComponent(responseId)}${suffixes[action]}`, request.query.toString());
  let response;
  try {
    response = await request.timing.upstream(ctx.upstream.send(upstreamRequest, { signal: request.signal, timeoutMs: deployment.timeoutMs, checkAddresses: connected.storedApiBase }));
  } catch (error) {
    throw toUpstreamError(error, new URL(upstreamRequest.url).host);
  }
  const contentType = String(response.headers["content-type"] ?? "application/json");
  const headers = { "content-type": contentType, "x-switchyard-deployment-id": deployment.id, "x-switchyard-affinity": "response_id" };
  // Retrieving with ?stream=true replays events: pass them through as they come.
  if (contentType.startsWith("text/event-stream")) return { status: response.status, headers, body: response.body };
  return {
    status: response.status,
    headers,
    body: await response.body
      .setEncoding("utf8")
      .toArray()
      .then((parts: string[]) => parts.join("")),
  };
}
