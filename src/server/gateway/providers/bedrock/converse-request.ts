import { GatewayError } from "../../errors";
import { isJsonObject } from "../anthropic-stream";
import { parseToolInput } from "../../messages/translate-response";
import type { JsonObject } from "../types";

type ConverseRole = "user" | "assistant";
interface ConverseMessage {
  role: ConverseRole;
  content: JsonObject[];
}

function invalid(message: string, param: string): GatewayError {
  return new GatewayError("invalid_request", message, { param });
}

/** An OpenAI chat body as a Converse request body, from an allow-list: OpenAI-only fields never reach Bedrock. */
export function toConverseRequest(body: JsonObject): JsonObject {
  if (typeof body.n === "number" && body.n > 1) throw invalid("Bedrock models return a single choice; `n` must be 1.", "n");
  const { system, messages } = translateMessages(body.messages);
  const inferenceConfig = definedOnly({
    maxTokens: optionalNumber(body, "max_completion_tokens") ?? optionalNumber(body, "max_tokens"),
    temperature: optionalNumber(body, "temperature"),
    topP: optionalNumber(body, "top_p"),
    stopSequences: translateStop(body.stop),
  });
  const tools = translateTools(body.tools);
  return {
    messages,
    ...(system.length > 0 && { system }),
    ...(inferenceConfig && { inferenceConfig }),
    // Bedrock refuses a conversation holding tool blocks without a toolConfig, so "none" keeps the tools but chooses nothing.
    ...(tools && { toolConfig: definedOnly({ tools, toolChoice: translateToolChoice(body.tool_choice) }) }),
  };
}

/** The object without its undefined fields; undefined when none is left. */
function definedOnly(fields: JsonObject): JsonObject | undefined {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalid(`\`${key}\` must be a number.`, key);
  return value;
}

function translateMessages(input: unknown): { system: JsonObject[]; messages: ConverseMessage[] } {
  if (!Array.isArray(input)) throw invalid("`messages` must be an array.", "messages");
  const system: JsonObject[] = [];
  const messages: ConverseMessage[] = [];
  input.forEach((message: unknown, i) => {
    const param = `messages[${i}]`;
    if (!isJsonObject(message)) throw invalid(`${param} must be an object.`, param);
    switch (message.role) {
      case "system":
      case "developer": {
        const text = textOf(message.content, `${param}.content`);
        if (text !== "") system.push({ text });
        return;
      }
      case "user":
        return appendTurn(messages, "user", userBlocks(message.content, `${param}.content`));
      case "assistant":
        return appendTurn(messages, "assistant", assistantBlocks(message, param));
      case "tool":
        return appendTurn(messages, "user", [toolResultBlock(message, param)]);
      default:
        throw invalid(`${param}.role ${JSON.stringify(message.role)} is not supported by Bedrock models.`, `${param}.role`);
    }
  });
  if (messages.length === 0) throw invalid("At least one user or assistant message is required.", "messages");
  return { system, messages };
}

/** Converse requires roles to alternate: a turn of the same role as the last one joins it (tool results after each other, say). */
function appendTurn(messages: ConverseMessage[], role: ConverseRole, blocks: JsonObject[]): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last?.role === role) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

function textOf(content: unknown, param: string): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw invalid(`${param} must be a string or an array of content parts.`, param);
  return content
    .map((part: unknown, j) => {
      if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return part.text;
      if (isJsonObject(part) && part.type === "refusal" && typeof part.refusal === "string") return part.refusal;
      throw invalid(`${param}[${j}] must be a text part here.`, `${param}[${j}]`);
    })
    .join("\n");
}

/** Bedrock refuses empty text blocks. */
function textBlocks(text: string): JsonObject[] {
  return text === "" ? [] : [{ text }];
}

function userBlocks(content: unknown, param: string): JsonObject[] {
  if (!Array.isArray(content)) return textBlocks(textOf(content, param));
  return content.flatMap((part: unknown, j): JsonObject[] => {
    const partParam = `${param}[${j}]`;
    if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return textBlocks(part.text);
    if (isJsonObject(part) && part.type === "image_url") return [imageBlock(part.image_url, `${partParam}.image_url`)];
    const type = isJsonObject(part) ? JSON.stringify(part.type) : "this";
    throw invalid(`Content part type ${type} is not supported by Bedrock models.`, partParam);
  });
}

const imageFormats: Record<string, string> = { "image/png": "png", "image/jpeg": "jpeg", "image/jpg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

/**
 * Converse takes image bytes, not URLs. The gateway does not fetch a URL a client names (that
 * would let any key make it reach any address), so only data: URLs are translated.
 */
function imageBlock(image: unknown, param: string): JsonObject {
  const url = isJsonObject(image) ? image.url : image;
  if (typeof url !== "string") throw invalid(`${param}.url must be a string.`, param);
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!dataUrl) throw invalid(`${param}.url must be a base64 data: URL for Bedrock models (Bedrock takes image bytes, not links).`, param);
  const format = imageFormats[dataUrl[1].toLowerCase()];
  if (!format) throw invalid(`${param}: Bedrock takes png, jpeg, gif or webp images, not ${dataUrl[1]}.`, param);
  return { image: { format, source: { bytes: dataUrl[2] } } };
}

function assistantBlocks(message: JsonObject, param: string): JsonObject[] {
  const blocks = textBlocks(textOf(message.content, `${param}.content`));
  const toolCalls = message.tool_calls ?? [];
  if (!Array.isArray(toolCalls)) throw invalid(`${param}.tool_calls must be an array.`, `${param}.tool_calls`);
  toolCalls.forEach((call: unknown, j) => {
    const fn = isJsonObject(call) ? call.function : undefined;
    if (!isJsonObject(call) || typeof call.id !== "string" || !isJsonObject(fn) || typeof fn.name !== "string") {
      throw invalid(`${param}.tool_calls[${j}] needs an id and a function name.`, `${param}.tool_calls[${j}]`);
    }
    blocks.push({ toolUse: { toolUseId: call.id, name: fn.name, input: parseToolInput(fn.arguments) } });
  });
  return blocks;
}

function toolResultBlock(message: JsonObject, param: string): JsonObject {
  if (typeof message.tool_call_id !== "string") throw invalid(`${param}.tool_call_id is required.`, `${param}.tool_call_id`);
  const text = textOf(message.content, `${param}.content`);
  // Bedrock refuses a tool result without content: an empty answer is still an answer.
  return { toolResult: { toolUseId: message.tool_call_id, content: [{ text: text === "" ? "(empty)" : text }] } };
}

function translateTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalid("`tools` must be an array.", "tools");
  if (tools.length === 0) return undefined;
  return tools.map((tool: unknown, i): JsonObject => {
    const fn = isJsonObject(tool) && tool.type === "function" ? tool.function : undefined;
    if (!isJsonObject(fn) || typeof fn.name !== "string") throw invalid(`tools[${i}] must be a function tool with a name.`, `tools[${i}]`);
    const schema = isJsonObject(fn.parameters) ? fn.parameters : { type: "object", properties: {} };
    return { toolSpec: { name: fn.name, ...(typeof fn.description === "string" && { description: fn.description }), inputSchema: { json: schema } } };
  });
}

function translateToolChoice(choice: unknown): JsonObject | undefined {
  if (choice === undefined || choice === null || choice === "none") return undefined;
  if (choice === "auto") return { auto: {} };
  if (choice === "required") return { any: {} };
  const fn = isJsonObject(choice) && choice.type === "function" ? choice.function : undefined;
  if (isJsonObject(fn) && typeof fn.name === "string") return { tool: { name: fn.name } };
  throw invalid('`tool_choice` must be "auto", "required", "none" or {type:"function", function:{name}}.', "tool_choice");
}

function translateStop(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const sequences = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(sequences) || !sequences.every((sequence) => typeof sequence === "string")) {
    throw invalid("`stop` must be a string or an array of strings.", "stop");
  }
  return sequences.length > 0 ? sequences : undefined;
}
