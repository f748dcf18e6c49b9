import { describe, expect, it } from "vitest";
import { GatewayError } from "../../errors";
import { fromGeminiEmbedResponse, fromVertexPredictResponse, toGeminiEmbedRequest, toVertexPredictRequest } from "./google-embeddings";

describe("Google embeddings", () => {
  it("asks the Gemini API for one embedding per input, with the model and dimensions", () => {
    expect(toGeminiEmbedRequest("gemini-embedding-001", { input: ["a", "b"], dimensions: 256 })).toEqual({
      requests: [
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "a" }] }, outputDimensionality: 256 },
        { model: "models/gemini-embedding-001", content: { parts: [{ text: "b" }] }, outputDimensionality: 256 },
      ],
    });
    expect(toVertexPredictRequest({ input: "a" })).toEqual({ instances: [{ content: "a" }] });
  });

  it("answers in OpenAI's list shape, as floats or as base64 float32s, with Vertex's token counts", () => {
    const answer = { predictions: [{ embeddings: { values: [1, 0.5], statistics: { token_count: 3 } } }, { embeddings: { values: [-2, 0.25], statistics: { token_count: 4 } } }] };
    expect(fromVertexPredictResponse(answer, { input: ["x", "y"] }, "emb")).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: [1, 0.5] },
        { object: "embedding", index: 1, embedding: [-2, 0.25] },
      ],
      model: "emb",
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
    const base64 = fromGeminiEmbedResponse({ embeddings: [{ values: [1, 0.5] }] }, { input: "x", encoding_format: "base64" }, "emb") as { data: Array<{ embedding: string }> };
    expect([...new Float32Array(Uint8Array.from(Buffer.from(base64.data[0].embedding, "base64")).buffer)]).toEqual([1, 0.5]);
  });

  it.each([[{ input: [1, 2, 3] }], [{ input: [] }], [{ input: "x", encoding_format: "hex" }], [{ input: "x", dimensions: "big" }]])("refuses %j as a 400", (body) => {
    expect(() => toGeminiEmbedRequest("m", body)).toThrow(GatewayError);
  });
});
