import type { z } from "zod";
import { GatewayError } from "../errors";
import type { JsonObject } from "../providers/types";
import {
  imageBlockSchema,
  textBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  type ContentBlock,
  type MessageParam,
  type MessagesRequest,
  type Tool,
  toolChoiceSchema,
  type ToolChoice,
} from "./messages-types";

/**
 * A valid Messages request that Chat Completions cannot express. A 400 naming the field: the
 * client learns what to change, instead of getting an answer to a different question.
 */
export class UntranslatableError extends GatewayError {
  constructor(param: string, reason: string) {
    super("invalid_request", `\`${param}\` cannot be sent to this model: ${reason}`, { param });
    this.name = "UntranslatableError";
  }
}

/** The fields read below; any other is refused, so none is dropped without notice. */
const translatedFields = new Set([
  "model",
  "messages",
  "system",
  "max_tokens",
  "stop_sequences",
  "stream",
  "temperature",
  "top_p",
  "metadata",
  "tools",
  "tool_choice",
  "thinking",
  // Which Anthropic capacity pool to use: it has no meaning at another provider.
  "service_tier",
  // Claude Code sends these two. Server-side clearing of old tool results only saves context,
  // so without it the model answers the full conversation; checkOutputConfig reads effort.
  "context_management",
  "output_config",
]);

/**
 * An Anthropic Messages request as an OpenAI Chat Completions body for `upstreamModel`.
 * `cache_control` is dropped everywhere: it is a caching hint, and OpenAI-format providers cache
 * prompt prefixes on their own, so the answer is the same without it.
 */
export function messagesToChatRequest(body: MessagesRequest, upstreamModel: string): JsonObject {
  for (const field of Object.keys(body)) {
    if (!translatedFields.has(field)) throw new UntranslatableError(field, "Chat Completions has no equivalent.");
  }
  checkOutputConfig(body.output_config);
  if (body.thinking && body.thinking.type !== "disabled") {
    throw new UntranslatableError("thinking", "extended thinking needs an Anthropic deployment; leave it out or disable it.");
  }
  const tools = body.tools?.map(translateTool);
  const system = systemText(body.system);
  const messages = body.messages.flatMap(translateMessage);
  if (body.messages.at(-1)?.role === "assistant") {
    // Anthropic continues a final assistant message (a prefill); Chat Completions would start a new one.
    throw new UntranslatableError(`messages[${body.messages.length - 1}]`, "a final assistant message (prefill) is continued only by Anthropic models.");
  }
  const userId = body.metadata?.user_id;
  return {
    model: upstreamModel,
    messages: [...(system === "" ? [] : [{ role: "system", content: system }]), ...messages],
    // OpenAI's current name; its reasoning models refuse the older `max_tokens`.
    max_completion_tokens: body.max_tokens,
    ...(body.stop_sequences?.length ? { stop: body.stop_sequences } : {}),
    ...(body.temperature !== undefined && { temperature: body.temperature }),
    ...(body.top_p !== undefined && { top_p: body.top_p }),
    ...(typeof userId === "string" && { user: userId }),
    ...(tools?.length ? { tools } : {}),
    // OpenAI refuses a tool_choice without tools; with none, no tool can be called either way.
    ...(tools?.length && body.tool_choice ? translateToolChoice(body.tool_choice) : {}),
    ...(body.stream && { stream: true, stream_options: { include_usage: true } }),
  };
}

/**
 * `effort` tunes how much the model spends on an answer, and a model without it answers at its own
 * default. Anything else there (`format`: structured output) would change the answer's shape.
 */
function checkOutputConfig(outputConfig: unknown): void {
  if (outputConfig === undefined || outputConfig === null) return;
  if (typeof outputConfig !== "object" || Array.isArray(outputConfig)) throw invalid("output_config", "must be an object.");
  for (const key of Object.keys(outputConfig)) {
    if (key !== "effort") throw new UntranslatableError(`output_config.${key}`, "Chat Completions has no equivalent.");
  }
}

function invalid(param: string, message: string): GatewayError {
  return new GatewayError("invalid_request", `\`${param}\` ${message}`, { param });
}

/** A block of a known type, checked against its schema. */
function parseBlock<Schema extends z.ZodType>(schema: Schema, block: ContentBlock, param: string): z.infer<Schema> {
  const parsed = schema.safeParse(block);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [param, ...(issue?.path ?? [])].join(".");
  throw invalid(path, `is not a valid ${block.type} block: ${issue?.message ?? "invalid"}.`);
}

/** The refusal for a block type that has no Chat Completions form. */
function untranslatableBlock(block: ContentBlock, param: string): UntranslatableError {
  const reasons: Record<string, string> = {
    thinking: "thinking blocks can only be verified by the Anthropic account that signed them.",
    redacted_thinking: "thinking blocks can only be verified by the Anthropic account that signed them.",
    document: "documents (PDF, plain text) need an Anthropic deployment.",
  };
  return new UntranslatableError(`${param}.type`, reasons[block.type] ?? `content blocks of type "${block.type}" have no Chat Completions equivalent.`);
}

function systemText(system: MessagesRequest["system"]): string {
  if (system === undefined || typeof system === "string") return system ?? "";
  // Joined as paragraphs: Claude Code sends its prompt as several blocks to cache them apart.
  return system.map((block, i) => textOf(block, `system[${i}]`)).join("\n\n");
}

function textOf(block: ContentBlock, param: string): string {
  if (block.type !== "text") throw untranslatableBlock(block, param);
  const text = parseBlock(textBlockSchema, block, param);
  if (text.citations?.length) throw new UntranslatableError(`${param}.citations`, "citations have no Chat Completions equivalent.");
  return text.text;
}

function imagePart(block: ContentBlock, param: string): JsonObject {
  const { source } = parseBlock(imageBlockSchema, block, param);
  if (source.type === "file") throw new UntranslatableError(`${param}.source`, "Files API images need an Anthropic deployment.");
  const url = source.type === "base64" ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: "image_url", image_url: { url } };
}

function translateMessage(message: MessageParam, index: number): JsonObject[] {
  const param = `messages[${index}].content`;
  if (typeof message.content === "string") return [{ role: message.role, content: message.content }];
  return message.role === "user" ? userMessages(message.content, param) : [assistantMessage(message.content, param)];
}

/**
 * One user turn: its tool results become `tool` messages first, since OpenAI wants them right after
 * the assistant's tool calls (Anthropic asks for them first in the turn too); its text and images
 * follow as one user message. Images inside tool results join that user message, as OpenAI's tool
 * messages carry text only.
 */
function userMessages(blocks: ContentBlock[], param: string): JsonObject[] {
  const toolMessages: JsonObject[] = [];
  const toolImages: JsonObject[] = [];
  const parts: JsonObject[] = [];
  blocks.forEach((block, i) => {
    const blockParam = `${param}[${i}]`;
    if (block.type === "tool_result") toolMessages.push(toolMessage(block, blockParam, toolImages));
    else if (block.type === "image") parts.push(imagePart(block, blockParam));
    else parts.push({ type: "text", text: textOf(block, blockParam) });
  });
  const content = [...toolImages, ...parts];
  if (content.length === 0) return toolMessages;
  // A lone text part as a string, which every OpenAI-compatible server accepts.
  const single = content.length === 1 && content[0].type === "text" ? content[0].text : undefined;
  return [...toolMessages, { role: "user", content: single ?? content }];
}

function toolMessage(block: ContentBlock, param: string, images: JsonObject[]): JsonObject {
  const result = parseBlock(toolResultBlockSchema, block, param);
  const texts: string[] = [];
  if (typeof result.content === "string") texts.push(result.content);
  else {
    result.content?.forEach((part, j) => {
      if (part.type === "image") images.push(imagePart(part, `${param}.content[${j}]`));
      else texts.push(textOf(part, `${param}.content[${j}]`));
    });
  }
  const text = texts.join("\n");
  // Chat Completions has no error flag; the model learns of the failure from the content instead.
  return { role: "tool", tool_call_id: result.tool_use_id, content: result.is_error ? `Error: ${text}` : text };
}

function assistantMessage(blocks: ContentBlock[], param: string): JsonObject {
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  blocks.forEach((block, i) => {
    const blockParam = `${param}[${i}]`;
    if (block.type === "tool_use") {
      const call = parseBlock(toolUseBlockSchema, block, blockParam);
      toolCalls.push({ id: call.id, type: "function", function: { name: call.name, arguments: JSON.stringify(call.input) } });
    } else {
      // Citations split one answer into several text blocks, meant to be read as one text.
      texts.push(textOf(block, blockParam));
    }
  });
  return {
    role: "assistant",
    content: texts.length > 0 ? texts.join("") : null,
    ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
  };
}

function translateTool(tool: Tool, index: number): JsonObject {
  if (tool.type && tool.type !== "custom") {
    throw new UntranslatableError(`tools[${index}].type`, `"${tool.type}" is a tool Anthropic runs or defines; only custom tools can be sent to this model.`);
  }
  return {
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.input_schema ?? { type: "object", properties: {} },
      ...(typeof tool.strict === "boolean" && { strict: tool.strict }),
    },
  };
}

function translateToolChoice(requested: { type: string }): JsonObject {
  const parsed = toolChoiceSchema.safeParse(requested);
  if (!parsed.success) {
    if (!["auto", "any", "tool", "none"].includes(requested.type)) throw new UntranslatableError("tool_choice.type", `"${requested.type}" has no Chat Completions equivalent.`);
    const issue = parsed.error.issues[0];
    throw invalid(["tool_choice", ...issue.path].join("."), `is not a valid tool choice: ${issue.message}.`);
  }
  const choice: ToolChoice = parsed.data;
  const parallel = "disable_parallel_tool_use" in choice && choice.disable_parallel_tool_use ? { parallel_tool_calls: false } : {};
  switch (choice.type) {
    case "auto":
      return { tool_choice: "auto", ...parallel };
    case "any":
      return { tool_choice: "required", ...parallel };
    case "tool":
      return { tool_choice: { type: "function", function: { name: choice.name } }, ...parallel };
    case "none":
      return { tool_choice: "none" };
  }
}
