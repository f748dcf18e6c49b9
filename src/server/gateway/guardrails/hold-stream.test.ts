import { describe, expect, it } from "vitest";
import { holdStream, streamedText } from "./hold-stream";

const sse = (...payloads: unknown[]) => payloads.map((payload) => `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`).join("");

describe("streamedText", () => {
  it("assembles each door's text deltas and nothing else", () => {
    const chat = sse(
      { choices: [{ index: 0, delta: { role: "assistant" } }] },
      { choices: [{ index: 0, delta: { content: "Hel" } }] },
      { choices: [{ index: 0, delta: { content: "lo" } }] },
      "[DONE]",
    );
    expect(streamedText("chat", `: keep-alive\n\n${chat}`)).toBe("Hello");
    const messages =
      `event: content_block_delta\n${sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi " } })}` +
      sse({ type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "{}" } }) +
      sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "there" } });
    expect(streamedText("messages", messages)).toBe("Hi there");
    expect(
      streamedText("responses", sse({ type: "response.output_text.delta", delta: "a" }, { type: "response.completed", response: {} }, { type: "response.output_text.delta", delta: "b" })),
    ).toBe("ab");
  });
});

describe("holdStream", () => {
  it("reads the whole stream before checking it, then replays it unchanged", async () => {
    const seen: string[] = [];
    async function* upstream() {
      yield sse({ choices: [{ delta: { content: "one " } }] });
      seen.push("end reached");
      yield sse({ choices: [{ delta: { content: "two" } }] });
    }
    const replay = await holdStream(upstream(), "chat", async (text) => {
      seen.push(`checked ${text}`);
    });
    expect(seen).toEqual(["end reached", "checked one two"]);
    const chunks: string[] = [];
    for await (const chunk of replay) chunks.push(chunk);
    expect(chunks.join("")).toBe(sse({ choices: [{ delta: { content: "one " } }] }) + sse({ choices: [{ delta: { content: "two" } }] }));
  });

  it("throws the check's refusal in place of the stream", async () => {
    async function* upstream() {
      yield sse({ choices: [{ delta: { content: "bad" } }] });
    }
    await expect(holdStream(upstream(), "chat", async () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
  });
});
