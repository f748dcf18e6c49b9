import type { Deployment } from "../../config/types";
import { resourceBase, usesAzureV1Paths } from "../providers/azure";
import { openAIHeaders } from "../providers/openai";
import type { JsonObject, UpstreamRequest } from "../providers/types";

/** Where a deployment's realtime resources live: OpenAI, Azure's GA `/openai/v1`, or Azure's dated previews. */
interface RealtimeLayout {
  base: string;
  /** `?api-version=...` for Azure's dated previews, else "". */
  version: string;
  secretPath: string;
  callsPath: string;
  sidebandPath: string;
  azure: boolean;
  preview: boolean;
}

function layoutOf(deployment: Deployment): RealtimeLayout {
  if (deployment.provider !== "azure") {
    return { base: deployment.apiBase, version: "", secretPath: "/realtime/client_secrets", callsPath: "/realtime/calls", sidebandPath: "/realtime", azure: false, preview: false };
  }
  const base = resourceBase(deployment);
  if (usesAzureV1Paths(deployment.apiVersion)) {
    return { base, version: "", secretPath: "/openai/v1/realtime/client_secrets", callsPath: "/openai/v1/realtime/calls", sidebandPath: "/openai/v1/realtime", azure: true, preview: false };
  }
  const version = `api-version=${encodeURIComponent(deployment.apiVersion!)}`;
  return { base, version, secretPath: "/openai/realtimeapi/sessions", callsPath: "/openai/realtime/calls", sidebandPath: "/openai/realtime", azure: true, preview: true };
}

function withQuery(url: string, ...parts: string[]): string {
  const query = parts.filter((part) => part !== "").join("&");
  return query === "" ? url : `${url}?${query}`;
}

/** The deployment's own credentials: `api-key` for Azure, a bearer key for OpenAI. */
function keyHeaders(deployment: Deployment, layout: RealtimeLayout): Record<string, string> {
  if (!layout.azure) return openAIHeaders(deployment);
  return { "content-type": "application/json", ...(deployment.apiKey ? { "api-key": deployment.apiKey } : {}) };
}

/** Asks the provider for an ephemeral key; Azure's previews take the session flat, with the deployment as model. */
export function clientSecretRequest(deployment: Deployment, body: JsonObject, session: JsonObject): UpstreamRequest {
  const layout = layoutOf(deployment);
  const payload = layout.preview ? { ...session, model: deployment.upstreamModel } : { ...body, session: { ...session, model: deployment.upstreamModel } };
  return { url: withQuery(layout.base + layout.secretPath, layout.version), method: "POST", headers: keyHeaders(deployment, layout), body: JSON.stringify(payload) };
}

/** The browser's SDP offer (or multipart form), sent with the ephemeral key the token carries. */
export function callRequest(deployment: Deployment, ephemeralKey: string, contentType: string, body: string): UpstreamRequest {
  const layout = layoutOf(deployment);
  return {
    url: withQuery(layout.base + layout.callsPath, layout.version),
    method: "POST",
    headers: { authorization: `Bearer ${ephemeralKey}`, "content-type": contentType },
    body,
  };
}

export function hangupRequest(deployment: Deployment, callId: string): UpstreamRequest {
  const layout = layoutOf(deployment);
  const url = withQuery(`${layout.base}${layout.callsPath}/${encodeURIComponent(callId)}/hangup`, layout.version);
  return { url, method: "POST", headers: keyHeaders(deployment, layout), body: "{}" };
}

/** The server-side WebSocket to a call, opened with the deployment's real key. */
export function sidebandTarget(deployment: Deployment, callId: string): { url: string; headers: Record<string, string> } {
  const layout = layoutOf(deployment);
  const url = withQuery(layout.base.replace(/^http/, "ws") + layout.sidebandPath, layout.version, `call_id=${encodeURIComponent(callId)}`);
  const headers: Record<string, string> = layout.azure ? { "api-key": deployment.apiKey ?? "" } : { authorization: `Bearer ${deployment.apiKey ?? ""}` };
  return { url, headers };
}
