import { GatewayError } from "./errors";
import type { GatewayRequest } from "./http";
import type { JsonObject } from "./providers/types";

function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return mediaType === "" || mediaType === "application/json" || mediaType.endsWith("+json");
}

/** The request body as a JSON object, or a 4xx saying exactly what is wrong with it. */
export async function readJsonBody(request: GatewayRequest, limit: number): Promise<JsonObject> {
  if (!isJsonContentType(request.header("content-type"))) {
    throw new GatewayError("unsupported_media_type", `Content-Type must be application/json, got '${request.header("content-type")}'`);
  }
  const raw = await request.readBody(limit);
  if (raw.length === 0) throw new GatewayError("invalid_json", "The request body is empty; expected a JSON object");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw new GatewayError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError("invalid_json", "The request body must be a JSON object");
  }
  return parsed as JsonObject;
}
