import { describe, expect, it } from "vitest";
import { titanToEmbeddings, toTitanRequest } from "./titan-embeddings";

describe("Titan embeddings", () => {
  it("send one input as inputText, with dimensions when asked", () => {
    expect(toTitanRequest({ model: "e", input: "hello", dimensions: 256, user: "u" })).toEqual({ inputText: "hello", dimensions: 256 });
    expect(toTitanRequest({ model: "e", input: ["hello"] })).toEqual({ inputText: "hello" });
    expect(() => toTitanRequest({ model: "e", input: ["a", "b"] })).toThrow(/one non-empty string/);
    expect(() => toTitanRequest({ model: "e", input: [1, 2] })).toThrow(/one non-empty string/);
  });

  it("answer floats, or float32 base64 when the client asked for it", () => {
    const answer = { embedding: [0.5, -0.25], inputTextTokenCount: 2 };
    expect(titanToEmbeddings(answer, "amazon.titan-embed-text-v2:0", { encoding_format: "float" })).toEqual({
      object: "list",
      data: [{ object: "embedding", index: 0, embedding: [0.5, -0.25] }],
      model: "amazon.titan-embed-text-v2:0",
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
    const base64 = titanToEmbeddings(answer, "m", { encoding_format: "base64" }) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(base64.data[0].embedding, "base64");
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)]).toEqual([0.5, -0.25]);
    expect(() => titanToEmbeddings({ embeddings: [] }, "m", undefined)).toThrow(/Titan/);
  });
});
