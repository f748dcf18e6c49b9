import type { Deployment } from "../../config/types";
import { errorBody } from "../errors";
import type { UpstreamResponse } from "../providers/upstream-client";
import { UpstreamError, parseUpstreamErrorBody } from "../providers/upstream-error";

async function textOf(response: UpstreamResponse): Promise<string> {
  return response.body
    .setEncoding("utf8")
    .toArray()
    .then((parts: string[]) => parts.join(""));
}

/**
 * A failed realtime call to the provider, as an UpstreamError. Azure's complaints about the
 * api-version get a hint naming the two settings that choose it.
 */
export async function realtimeUpstreamError(deployment: Deployment, response: UpstreamResponse): Promise<UpstreamError> {
  const body = parseUpstreamErrorBody(response.status, await textOf(response));
  if (deployment.provider === "azure" && /api[-_ ]?version/i.test(`${body.error.message} ${body.error.code ?? ""}`)) {
    body.error.message += ` (Switchyard chooses the Azure realtime paths from litellm_params.api_version or AZURE_API_VERSION: unset, "preview" or "latest" use /openai/v1; a dated preview such as 2025-04-01-preview uses the older paths with ?api-version=)`;
  }
  return new UpstreamError(response.status, body);
}

export async function readJson(response: UpstreamResponse, host: string): Promise<Record<string, unknown>> {
  const text = await textOf(response);
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // handled below
  }
  throw new UpstreamError(502, errorBody(`Upstream ${host} answered the realtime request with a body that is not JSON`, "server_error", "upstream_invalid_response"));
}

export { textOf };
