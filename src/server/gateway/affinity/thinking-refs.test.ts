import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { asksForThinking, thinkingFingerprint, thinkingFingerprintOfStreamEvent, thinkingFingerprintsOfContent, thinkingFingerprintsOfRequest } from "./thinking-refs";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const signature = "EqQBCkYIBxgCKkBsignature-of-account-a";
const redacted = "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP";

describe("thinkingFingerprint", () => {
  it("is thk: and the sha256 hex of the signature, never the signature itself", () => {
    expect(thinkingFingerprint(signature)).toBe(`thk:${sha256(signature)}`);
    expect(thinkingFingerprint(signature)).not.toContain(signature);
    expect(thinkingFingerprint(signature)).not.toBe(thinkingFingerprint(`${signature} `));
  });
});

describe("fingerprints of a whole message (JSON answer)", () => {
  it("takes each thinking signature and redacted data, in order, and nothing else", () => {
    const content = [
      { type: "thinking", thinking: "Let me look at the file", signature },
      { type: "redacted_thinking", data: redacted },
      { type: "text", text: "signature: not this one" },
      { type: "tool_use", id: "toolu_1", name: "Read", input: { signature: "nor this" } },
    ];
    expect(thinkingFingerprintsOfContent(content)).toEqual([thinkingFingerprint(signature), thinkingFingerprint(redacted)]);
  });

  it("skips unsigned or malformed blocks and content that is not a list", () => {
    expect(
      thinkingFingerprintsOfContent([{ type: "thinking", thinking: "x", signature: "" }, { type: "thinking", thinking: "x" }, { type: "redacted_thinking", data: 7 }, null, "text"]),
    ).toEqual([]);
    expect(thinkingFingerprintsOfContent("a string")).toEqual([]);
    expect(thinkingFingerprintsOfContent(undefined)).toEqual([]);
  });
});

describe("fingerprints a request carries back", () => {
  it("reads assistant turns only, once per signature", () => {
    const body = {
      model: "claude-sonnet-4-5",
      messages: [
        { role: "user", content: [{ type: "thinking", thinking: "forged by the user", signature: "user-sig" }] },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "t", signature },
            { type: "tool_use", id: "toolu_1", name: "Read", input: {} },
          ],
        },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "ok" }] },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "t", signature },
            { type: "redacted_thinking", data: redacted },
          ],
        },
        { role: "assistant", content: "plain text turn" },
      ],
    };
    expect(thinkingFingerprintsOfRequest(body)).toEqual([thinkingFingerprint(signature), thinkingFingerprint(redacted)]);
  });

  it("finds nothing in a conversation without signed thinking, or without messages", () => {
    expect(
      thinkingFingerprintsOfRequest({
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: [{ type: "text", text: "hello" }] },
        ],
      }),
    ).toEqual([]);
    expect(thinkingFingerprintsOfRequest({ messages: "not a list" })).toEqual([]);
    expect(thinkingFingerprintsOfRequest({})).toEqual([]);
  });
});

describe("fingerprints of a streamed answer", () => {
  const event = (value: unknown) => JSON.stringify(value);

  it("reads a signature_delta", () => {
    expect(thinkingFingerprintOfStreamEvent(event({ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature } }))).toBe(thinkingFingerprint(signature));
  });

  it("reads a redacted_thinking block's data from its content_block_start", () => {
    expect(thinkingFingerprintOfStreamEvent(event({ type: "content_block_start", index: 1, content_block: { type: "redacted_thinking", data: redacted } }))).toBe(
      thinkingFingerprint(redacted),
    );
  });

  it("ignores the empty signature a thinking block starts with, thinking and text deltas, and text that only mentions the words", () => {
    expect(thinkingFingerprintOfStreamEvent(event({ type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }))).toBeUndefined();
    expect(thinkingFingerprintOfStreamEvent(event({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "hmm" } }))).toBeUndefined();
    expect(
      thinkingFingerprintOfStreamEvent(event({ type: "content_block_delta", index: 2, delta: { type: "text_delta", text: 'a "signature_delta" and "redacted_thinking"' } })),
    ).toBeUndefined();
    expect(thinkingFingerprintOfStreamEvent('{"type":"content_block_delta","delta":{"type":"signature_delta"')).toBeUndefined();
    expect(thinkingFingerprintOfStreamEvent(event({ type: "message_stop" }))).toBeUndefined();
  });
});

describe("asksForThinking", () => {
  it("is true for thinking enabled (or adaptive), false when absent or disabled", () => {
    expect(asksForThinking({ thinking: { type: "enabled", budget_tokens: 1024 } })).toBe(true);
    expect(asksForThinking({ thinking: { type: "adaptive" } })).toBe(true);
    expect(asksForThinking({ thinking: { type: "disabled" } })).toBe(false);
    expect(asksForThinking({})).toBe(false);
  });
});
