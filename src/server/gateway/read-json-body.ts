import { GatewayError } from "./errors";
import type { GatewayRequest } from "./http";
import type { JsonObject } from "./providers/types";

/**
 * Deeper than any real request (tool schemas nest a few dozen levels), and far below the ~4,000
 * levels where JSON.stringify, on the way upstream or into the database, runs out of stack.
 */
export const maxJsonDepth = 256;

/**
 * Whether objects and arrays nest deeper than `limit`. Recursive, but it stops at `limit` levels,
 * so it cannot run out of stack itself; and it allocates nothing, as every request comes here.
 */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType === "application/json") return true;
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  return mediaType === "" || mediaType === "application/json" || mediaType.endsWith("+json");
}

/** The request body as a JSON object, or a 4xx saying exactly what is wrong with it. */
export async function readJsonBody(request: GatewayRequest, limit: number): Promise<JsonObject> {
  return (await readJsonRequest(request, limit)).body;
}

/** The same, with the text it was parsed from: a proxied body can go upstream as it came. */
export async function readJsonRequest(request: GatewayRequest, limit: number): Promise<{ body: JsonObject; text: string }> {
  if (!isJsonContentType(request.header("content-type"))) {
    throw new GatewayError("unsupported_media_type", `Content-Type must be application/json, got '${request.header("content-type")}'`);
  }
  const raw = await request.readBody(limit);
  if (raw.length === 0) throw new GatewayError("invalid_json", "The request body is empty; expected a JSON object");
  const text = raw.toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new GatewayError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError("invalid_json", "The request body must be a JSON object");
  }
  if (nestsDeeperThan(parsed, maxJsonDepth)) {
    throw new GatewayError("invalid_request", `The request body nests objects and arrays more than ${maxJsonDepth} levels deep`);
  }
  return { body: parsed as JsonObject, text };
}
