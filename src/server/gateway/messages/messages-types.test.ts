import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import { readMessagesRequest } from "./messages-types";

function refusal(body: Record<string, unknown>): { code: string; message: string; param: string | null } {
  try {
    readMessagesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return { code: error.code, message: error.message, param: error.param };
    throw error;
  }
  throw new Error("accepted");
}

const valid = { model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: "hi" }] };

describe("readMessagesRequest", () => {
  it("reads the model and whether to stream, leaving the rest to the upstream", () => {
    expect(readMessagesRequest({ ...valid, thinking: { type: "enabled", budget_tokens: 1024 } })).toEqual({ model: "claude-sonnet-4-5", streamed: false });
    expect(readMessagesRequest({ ...valid, stream: true })).toEqual({ model: "claude-sonnet-4-5", streamed: true });
  });

  it.each([
    [{ ...valid, model: undefined }, "missing_model", "model", "'model' is required"],
    [{ ...valid, model: "  " }, "missing_model", "model", "'model' is required"],
    [{ ...valid, model: 7 }, "missing_model", "model", "'model' is required"],
    [{ ...valid, max_tokens: undefined }, "invalid_request", "max_tokens", "'max_tokens' is required"],
    [{ ...valid, max_tokens: 0 }, "invalid_request", "max_tokens", "'max_tokens' must be a positive integer"],
    [{ ...valid, max_tokens: 1.5 }, "invalid_request", "max_tokens", "'max_tokens' must be a positive integer"],
    [{ ...valid, messages: "hi" }, "invalid_request", "messages", "'messages' is required and must be an array"],
    [{ ...valid, messages: undefined }, "invalid_request", "messages", "'messages' is required and must be an array"],
    [{ ...valid, stream: "true" }, "invalid_request", "stream", "'stream' must be true or false"],
  ])("refuses %j with a 400 naming the field", (body, code, param, message) => {
    const error = refusal(body);
    expect(error).toMatchObject({ code, param });
    expect(error.message).toContain(message);
  });
});
