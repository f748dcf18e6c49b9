import { beforeAll, describe, expect, it } from "vitest";
import { encodingFor, estimateInputTokens, imageTokens } from "./estimate-input-tokens";

describe("encodingFor", () => {
  it.each([
    ["gpt-4o", "o200k_base"],
    ["gpt-4o-mini-2024-07-18", "o200k_base"],
    ["gpt-4.1", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["o3-mini", "o200k_base"],
    ["gpt-4", "cl100k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"],
    ["gpt-35-turbo", "cl100k_base"],
    ["meta-llama/Llama-3-8B", "o200k_base"],
    ["openai/gpt-4-0613", "cl100k_base"],
  ])("%s: %s", (model, encoding) => {
    expect(encodingFor(model)).toBe(encoding);
  });
});

describe("estimateInputTokens", () => {
  // The first count in each encoding loads its ranks: seconds on a loaded 2-core machine, not a test's 5.
  beforeAll(async () => {
    for (const model of ["gpt-4o", "gpt-4"]) await estimateInputTokens({ messages: [{ role: "user", content: "warm up" }] }, model);
  }, 60_000);

  // "hello world" is two tokens in both encodings; each message adds 3, the reply's priming 3.
  it("counts the text of each message with OpenAI's per-message overhead", async () => {
    const one = await estimateInputTokens({ messages: [{ role: "user", content: "hello world" }] }, "gpt-4o");
    expect(one).toBe(3 + 3 + 2);
    const two = await estimateInputTokens(
      {
        messages: [
          { role: "system", content: "hello world" },
          { role: "user", content: [{ type: "text", text: "hello world" }] },
        ],
      },
      "gpt-4",
    );
    expect(two).toBe(3 + 2 * (3 + 2));
  });

  it("counts images at a fixed size, tool calls by name and arguments, and tool definitions as their JSON", async () => {
    const base = await estimateInputTokens({ messages: [{ role: "user", content: "hello world" }] }, "gpt-4o");
    const withImage = await estimateInputTokens(
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "hello world" },
              { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
            ],
          },
        ],
      },
      "gpt-4o",
    );
    expect(withImage - base).toBe(imageTokens);

    const withCall = await estimateInputTokens(
      {
        messages: [
          { role: "user", content: "hello world" },
          { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "hello", arguments: " world" } }] },
        ],
      },
      "gpt-4o",
    );
    expect(withCall - base).toBe(3 + 2);

    const tool = { type: "function", function: { name: "read_file", parameters: { type: "object", properties: { path: { type: "string" } } } } };
    const withTool = await estimateInputTokens({ messages: [{ role: "user", content: "hello world" }], tools: [tool] }, "gpt-4o");
    const twoTools = await estimateInputTokens({ messages: [{ role: "user", content: "hello world" }], tools: [tool, tool] }, "gpt-4o");
    expect(withTool).toBeGreaterThan(base + 10);
    expect(twoTools - withTool).toBe(withTool - base);
  });
});
