import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import { messagesRequestSchema, type MessagesRequest } from "./messages-types";
import { messagesToChatRequest, UntranslatableError } from "./translate-request";

/** A request as the door hands it over: validated by the schema first. */
function request(fields: Record<string, unknown>): MessagesRequest {
  return messagesRequestSchema.parse({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "Hi" }], ...fields });
}

const translate = (fields: Record<string, unknown>) => messagesToChatRequest(request(fields), "gpt-4.1");

function refusal(fields: Record<string, unknown>): UntranslatableError {
  try {
    translate(fields);
  } catch (error) {
    if (error instanceof UntranslatableError) return error;
    throw error;
  }
  throw new Error("expected an UntranslatableError");
}

describe("messagesToChatRequest: the envelope", () => {
  it("sends the upstream model, max tokens, sampling, stop sequences and the user id", () => {
    expect(translate({ temperature: 0.2, top_p: 0.9, stop_sequences: ["END", "STOP"], metadata: { user_id: "user-7" }, messages: [{ role: "user", content: "Hi" }] })).toEqual({
      model: "gpt-4.1",
      messages: [{ role: "user", content: "Hi" }],
      max_completion_tokens: 1024,
      temperature: 0.2,
      top_p: 0.9,
      stop: ["END", "STOP"],
      user: "user-7",
    });
  });

  it("asks for usage in the stream, and leaves stream out when not streaming", () => {
    expect(translate({ stream: true })).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(translate({ stream: false })).not.toHaveProperty("stream");
  });

  it("leaves out an empty stop list and a null user id", () => {
    const body = translate({ stop_sequences: [], metadata: { user_id: null } });
    expect(body).not.toHaveProperty("stop");
    expect(body).not.toHaveProperty("user");
  });

  it("turns a string system prompt into a system message first", () => {
    expect(translate({ system: "Be brief." }).messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
    ]);
  });

  it("joins system text blocks as paragraphs and drops their cache_control", () => {
    const system = [
      { type: "text", text: "You are Claude Code." },
      { type: "text", text: "Use the tools.", cache_control: { type: "ephemeral" } },
    ];
    expect(translate({ system }).messages).toEqual([
      { role: "system", content: "You are Claude Code.\n\nUse the tools." },
      { role: "user", content: "Hi" },
    ]);
  });

  it("sends no system message for an empty system prompt", () => {
    expect(translate({ system: "" }).messages).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("ignores disabled thinking, and what Claude Code sends that only Anthropic acts on", () => {
    const ignored = {
      thinking: { type: "disabled" },
      service_tier: "auto",
      context_management: { edits: [{ type: "clear_tool_uses_20250919" }] },
      output_config: { effort: "high" },
    };
    expect(translate(ignored)).toEqual(translate({}));
  });
});

describe("messagesToChatRequest: content", () => {
  it("keeps a lone user text block as a string and several as text parts", () => {
    const one = translate({ messages: [{ role: "user", content: [{ type: "text", text: "Hello", cache_control: { type: "ephemeral" } }] }] });
    expect(one.messages).toEqual([{ role: "user", content: "Hello" }]);
    const two = translate({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "<reminder>" },
            { type: "text", text: "Fix it" },
          ],
        },
      ],
    });
    expect(two.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "<reminder>" },
          { type: "text", text: "Fix it" },
        ],
      },
    ]);
  });

  it("turns base64 images into data URLs and URL images into URLs, in order with the text", () => {
    const content = [
      { type: "text", text: "Compare" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ];
    expect(translate({ messages: [{ role: "user", content }] }).messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
        ],
      },
    ]);
  });

  it("turns assistant text and tool_use blocks into one message with tool calls", () => {
    const content = [
      { type: "text", text: "Let me look." },
      { type: "tool_use", id: "toolu_1", name: "read_file", input: { path: "a.ts" } },
      { type: "tool_use", id: "toolu_2", name: "list", input: {} },
    ];
    const messages = [
      { role: "user", content: "Go" },
      { role: "assistant", content },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "x" }] },
    ];
    expect((translate({ messages }).messages as unknown[]).slice(0, 2)).toEqual([
      { role: "user", content: "Go" },
      {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "read_file", arguments: '{"path":"a.ts"}' } },
          { id: "toolu_2", type: "function", function: { name: "list", arguments: "{}" } },
        ],
      },
    ]);
  });

  it("sends null content for an assistant turn of tool calls only, and a string assistant turn as is", () => {
    const messages = [
      { role: "user", content: "Go" },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "list", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "a.ts" }] },
      { role: "assistant", content: "Done." },
      { role: "user", content: "Thanks" },
    ];
    expect(translate({ messages }).messages).toEqual([
      { role: "user", content: "Go" },
      { role: "assistant", content: null, tool_calls: [{ id: "toolu_1", type: "function", function: { name: "list", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "toolu_1", content: "a.ts" },
      { role: "assistant", content: "Done." },
      { role: "user", content: "Thanks" },
    ]);
  });

  it("puts tool results first as tool messages, then the turn's text as a user message", () => {
    const content = [
      { type: "tool_result", tool_use_id: "toolu_1", content: "one" },
      {
        type: "tool_result",
        tool_use_id: "toolu_2",
        content: [
          { type: "text", text: "two" },
          { type: "text", text: "lines" },
        ],
      },
      { type: "text", text: "Now summarise." },
    ];
    expect(translate({ messages: [{ role: "user", content }] }).messages).toEqual([
      { role: "tool", tool_call_id: "toolu_1", content: "one" },
      { role: "tool", tool_call_id: "toolu_2", content: "two\nlines" },
      { role: "user", content: "Now summarise." },
    ]);
  });

  it("moves tool results ahead of text that came before them, as OpenAI needs them next to the calls", () => {
    const content = [
      { type: "text", text: "Here:" },
      { type: "tool_result", tool_use_id: "toolu_1", content: "one" },
    ];
    expect(translate({ messages: [{ role: "user", content }] }).messages).toEqual([
      { role: "tool", tool_call_id: "toolu_1", content: "one" },
      { role: "user", content: "Here:" },
    ]);
  });

  it("marks a failed tool result in its text, and sends an empty one as empty", () => {
    const content = [
      { type: "tool_result", tool_use_id: "toolu_1", content: "file not found", is_error: true },
      { type: "tool_result", tool_use_id: "toolu_2" },
    ];
    expect(translate({ messages: [{ role: "user", content }] }).messages).toEqual([
      { role: "tool", tool_call_id: "toolu_1", content: "Error: file not found" },
      { role: "tool", tool_call_id: "toolu_2", content: "" },
    ]);
  });

  it("moves images out of a tool result into the user message that follows, before the turn's own text", () => {
    const content = [
      {
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: [
          { type: "text", text: "screenshot:" },
          { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/" } },
        ],
      },
      { type: "text", text: "What do you see?" },
    ];
    expect(translate({ messages: [{ role: "user", content }] }).messages).toEqual([
      { role: "tool", tool_call_id: "toolu_1", content: "screenshot:" },
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/" } },
          { type: "text", text: "What do you see?" },
        ],
      },
    ]);
  });
});

describe("messagesToChatRequest: tools", () => {
  const tools = [
    { name: "read_file", description: "Reads a file", input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] }, cache_control: { type: "ephemeral" } },
    { type: "custom", name: "now" },
  ];

  it("turns tools into functions, with an empty object schema when none is given", () => {
    expect(translate({ tools }).tools).toEqual([
      {
        type: "function",
        function: { name: "read_file", description: "Reads a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
      },
      { type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } },
    ]);
  });

  it.each([
    [{ type: "auto" }, { tool_choice: "auto" }],
    [{ type: "any" }, { tool_choice: "required" }],
    [{ type: "tool", name: "now" }, { tool_choice: { type: "function", function: { name: "now" } } }],
    [{ type: "none" }, { tool_choice: "none" }],
    [
      { type: "auto", disable_parallel_tool_use: true },
      { tool_choice: "auto", parallel_tool_calls: false },
    ],
    [{ type: "any", disable_parallel_tool_use: false }, { tool_choice: "required" }],
  ])("maps tool_choice %j", (toolChoice, expected) => {
    const body = translate({ tools, tool_choice: toolChoice });
    expect({ tool_choice: body.tool_choice, ...(body.parallel_tool_calls !== undefined && { parallel_tool_calls: body.parallel_tool_calls }) }).toEqual(expected);
  });

  it("leaves out tool_choice when there are no tools, which OpenAI would refuse", () => {
    expect(translate({ tool_choice: { type: "auto" } })).not.toHaveProperty("tool_choice");
    expect(translate({ tools: [], tool_choice: { type: "auto" } })).not.toHaveProperty("tools");
  });
});

describe("messagesToChatRequest: what cannot be translated", () => {
  it.each([
    ["thinking", { thinking: { type: "enabled", budget_tokens: 2048 } }],
    ["top_k", { top_k: 5 }],
    ["mcp_servers", { mcp_servers: [] }],
    ["container", { container: "c_1" }],
    ["output_format", { output_format: { type: "json_schema", schema: { type: "object" } } }],
    ["output_config.format", { output_config: { effort: "low", format: { type: "json_schema", schema: { type: "object" } } } }],
    ["tools[0].type", { tools: [{ type: "web_search_20250305", name: "web_search" }] }],
    ["tools[0].type", { tools: [{ type: "bash_20250124", name: "bash" }] }],
    ["messages[0].content[0].type", { messages: [{ role: "user", content: [{ type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } }] }] }],
    ["messages[0].content[0].source", { messages: [{ role: "user", content: [{ type: "image", source: { type: "file", file_id: "file_1" } }] }] }],
    [
      "messages[1].content[0].type",
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: [{ type: "thinking", thinking: "hmm", signature: "sig" }] },
        ],
      },
    ],
    [
      "messages[1].content[0].type",
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: [{ type: "redacted_thinking", data: "enc" }] },
        ],
      },
    ],
    [
      "messages[1].content[0].type",
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: [{ type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }] },
        ],
      },
    ],
    [
      "messages[1].content[0].citations",
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: [{ type: "text", text: "Paris", citations: [{ type: "char_location", cited_text: "Paris" }] }] },
        ],
      },
    ],
    ["messages[0].content[0].content[0].type", { messages: [{ role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: [{ type: "search_result", source: "x" }] }] }] }],
    [
      "messages[1]",
      {
        messages: [
          { role: "user", content: "Name a colour" },
          { role: "assistant", content: "The colour is" },
        ],
      },
    ],
    ["system[0].type", { system: [{ type: "image", source: { type: "url", url: "https://example.com/a.png" } }] }],
  ])("refuses %s with a 400 naming it", (param, fields) => {
    const error = refusal(fields);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(`\`${param}\``);
  });

  it("says what to do about thinking", () => {
    expect(refusal({ thinking: { type: "enabled", budget_tokens: 2048 } }).message).toBe(
      "`thinking` cannot be sent to this model: extended thinking needs an Anthropic deployment; leave it out or disable it.",
    );
  });

  it("refuses a malformed known block as an invalid request naming the field, not as untranslatable", () => {
    const bad = () => translate({ messages: [{ role: "user", content: [{ type: "tool_result", content: "x" }] }] });
    expect(bad).toThrow(GatewayError);
    expect(bad).not.toThrow(UntranslatableError);
    expect(bad).toThrow(/`messages\[0\]\.content\[0\]\.tool_use_id` is not a valid tool_result block/);
  });
});

describe("messagesRequestSchema", () => {
  it("keeps fields and block types it does not know, for Anthropic deployments", () => {
    const body = { model: "m", max_tokens: 1, messages: [{ role: "user", content: [{ type: "future_block", x: 1 }] }], future_field: true };
    expect(messagesRequestSchema.parse(body)).toEqual(body);
  });

  it("requires max_tokens and user/assistant roles", () => {
    expect(messagesRequestSchema.safeParse({ model: "m", messages: [] }).success).toBe(false);
    expect(messagesRequestSchema.safeParse({ model: "m", max_tokens: 1, messages: [{ role: "system", content: "x" }] }).success).toBe(false);
  });
});
