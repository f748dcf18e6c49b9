import { GatewayError } from "../../errors";
import { isJsonObject } from "../anthropic-stream";
import type { JsonObject } from "../types";

// OpenAI embeddings in and out: the Gemini API's `batchEmbedContents` and Vertex AI's `predict`.

function invalid(message: string, param: string): GatewayError {
  return new GatewayError("invalid_request", message, { param });
}

/** The texts to embed: a string or an array of them (token arrays are OpenAI's alone). */
function textsOf(body: JsonObject): string[] {
  const { input } = body;
  const texts = typeof input === "string" ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === "string")) {
    throw invalid("`input` must be a string or a non-empty array of strings for Google's embedding models.", "input");
  }
  return texts;
}

function dimensions(body: JsonObject): number | undefined {
  if (body.dimensions === undefined || body.dimensions === null) return undefined;
  if (typeof body.dimensions !== "number") throw invalid("`dimensions` must be a number.", "dimensions");
  return body.dimensions;
}

function encodingOf(body: JsonObject): "float" | "base64" {
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") throw invalid('`encoding_format` must be "float" or "base64".', "encoding_format");
  return format;
}

export function toGeminiEmbedRequest(model: string, body: JsonObject): JsonObject {
  const outputDimensionality = dimensions(body);
  encodingOf(body);
  return { requests: textsOf(body).map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] }, ...(outputDimensionality && { outputDimensionality }) })) };
}

export function toVertexPredictRequest(body: JsonObject): JsonObject {
  const outputDimensionality = dimensions(body);
  encodingOf(body);
  return { instances: textsOf(body).map((content) => ({ content })), ...(outputDimensionality && { parameters: { outputDimensionality } }) };
}

/** OpenAI's SDK asks for base64 by default: little-endian float32s. */
function encode(values: number[], format: "float" | "base64"): number[] | string {
  return format === "float" ? values : Buffer.from(new Float32Array(values).buffer).toString("base64");
}

function embeddingList(vectors: number[][], model: string, promptTokens: number, format: "float" | "base64"): JsonObject {
  return {
    object: "list",
    data: vectors.map((values, index) => ({ object: "embedding", index, embedding: encode(values, format) })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

function valuesOf(embedding: unknown): number[] {
  const values = isJsonObject(embedding) ? embedding.values : undefined;
  if (!Array.isArray(values)) throw new GatewayError("upstream_unreachable", "Google answered an embedding request without embedding values.");
  return values as number[];
}

/** The Gemini API reports no token counts for embeddings: usage is 0 and spend unpriced. */
export function fromGeminiEmbedResponse(answer: unknown, request: JsonObject, model: string): JsonObject {
  const embeddings = isJsonObject(answer) && Array.isArray(answer.embeddings) ? answer.embeddings : undefined;
  if (!embeddings) throw new GatewayError("upstream_unreachable", "Google answered an embedding request with something other than embeddings.");
  return embeddingList(embeddings.map(valuesOf), model, 0, encodingOf(request));
}

export function fromVertexPredictResponse(answer: unknown, request: JsonObject, model: string): JsonObject {
  const predictions = isJsonObject(answer) && Array.isArray(answer.predictions) ? answer.predictions : undefined;
  if (!predictions) throw new GatewayError("upstream_unreachable", "Vertex AI answered an embedding request with something other than predictions.");
  let tokens = 0;
  const vectors = predictions.map((prediction: unknown) => {
    const embeddings = isJsonObject(prediction) ? prediction.embeddings : undefined;
    const statistics = isJsonObject(embeddings) ? embeddings.statistics : undefined;
    if (isJsonObject(statistics) && typeof statistics.token_count === "number") tokens += statistics.token_count;
    return valuesOf(embeddings);
  });
  return embeddingList(vectors, model, tokens, encodingOf(request));
}
