import { describe, expect, it } from "vitest";
import { StreamContents } from "./stream-contents";

describe("StreamContents", () => {
  it("adds Anthropic's text deltas up to one message with its stop reason", () => {
    const contents = new StreamContents("messages");
    for (const event of [
      { type: "message_start", message: { id: "msg_1", model: "claude-sonnet-4-5", content: [] } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "{}" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "lo" } },
      { type: "message_delta", delta: { stop_reason: "end_turn" } },
    ])
      contents.payload(JSON.stringify(event));
    contents.payload("not json");
    expect(contents.answer()).toEqual({ id: "msg_1", model: "claude-sonnet-4-5", type: "message", role: "assistant", content: [{ type: "text", text: "Hello" }], stop_reason: "end_turn" });
  });

  it("takes a Responses stream's completed response as the answer", () => {
    const contents = new StreamContents("responses");
    contents.payload(JSON.stringify({ type: "response.output_text.delta", delta: "Hi" }));
    contents.payload(JSON.stringify({ type: "response.completed", response: { id: "resp_1", output: [{ type: "message", content: [{ type: "output_text", text: "Hi" }] }] } }));
    expect(contents.answer()).toEqual({ id: "resp_1", output: [{ type: "message", content: [{ type: "output_text", text: "Hi" }] }] });
  });
});
