import { GatewayError } from "../../errors";
import { isJsonObject } from "../anthropic-stream";
import type { JsonObject } from "../types";

/** Amazon's Titan text embedding models (`amazon.titan-embed-text-v1`, `-v2:0`, `-g1-text-02`), through InvokeModel. */
export function isTitanTextEmbedding(modelId: string): boolean {
  return /^amazon\.titan-embed-(text|g1-text)/.test(modelId);
}

/**
 * OpenAI's embeddings body as Titan's: one `inputText` per call (Titan embeds one text per
 * request; several would be several upstream calls, which one deployment attempt is not).
 */
export function toTitanRequest(body: JsonObject): JsonObject {
  const input = Array.isArray(body.input) && body.input.length === 1 ? body.input[0] : body.input;
  if (typeof input !== "string" || input === "") {
    throw new GatewayError("invalid_request", "Titan embedding models take one non-empty string `input` per request.", { param: "input" });
  }
  const dimensions = body.dimensions;
  if (dimensions !== undefined && dimensions !== null && typeof dimensions !== "number") {
    throw new GatewayError("invalid_request", "`dimensions` must be a number.", { param: "dimensions" });
  }
  return { inputText: input, ...(typeof dimensions === "number" && { dimensions }) };
}

/** Float32 little-endian bytes in base64, as OpenAI sends `encoding_format: "base64"` (its SDKs ask for it by default). */
function base64Of(vector: number[]): string {
  const floats = new Float32Array(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString("base64");
}

/** Titan's `{embedding, inputTextTokenCount}` as OpenAI's embeddings list. */
export function titanToEmbeddings(body: unknown, model: string, request: JsonObject | undefined): JsonObject {
  if (!isJsonObject(body) || !Array.isArray(body.embedding) || !body.embedding.every((value) => typeof value === "number")) {
    throw new GatewayError("upstream_unreachable", "Bedrock answered with something other than a Titan embedding.");
  }
  const vector = body.embedding as number[];
  const tokens = typeof body.inputTextTokenCount === "number" ? body.inputTextTokenCount : 0;
  return {
    object: "list",
    data: [{ object: "embedding", index: 0, embedding: request?.encoding_format === "base64" ? base64Of(vector) : vector }],
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
