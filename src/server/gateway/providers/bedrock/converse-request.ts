import { isJsonObject } from "../anthropic-stream";
import { parseToolInput } from "../../messages/translate-response";
import type { JsonObject } from "../types";
import { invalidChatRequest, textOfChatContent, appendAlternatingTurn } from "../chat-content";

type ConverseRole = "user" | "assistant";
interface ConverseMessage {
  role: ConverseRole;
  content: JsonObject[];
}

/** An OpenAI chat body as a Converse request body, from an allow-list: OpenAI-only fields never reach Bedrock. */
export function toConverseRequest(body: JsonObject): JsonObject {
  if (typeof body.n === "number" && body.n > 1) throw invalidChatRequest("Bedrock models return a single choice; `n` must be 1.", "n");
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
  if (typeof value !== "number") throw invalidChatRequest(`\`${key}\` must be a number.`, key);
  return value;
}

function translateMessages(input: unknown): { system: JsonObject[]; messages: ConverseMessage[] } {
  if (!Array.isArray(input)) throw invalidChatRequest("`messages` must be an array.", "messages");
  const system: JsonObject[] = [];
  const messages: ConverseMessage[] = [];
  input.forEach((message: unknown, i) => {
    const param = `messages[${i}]`;
    if (!isJsonObject(message)) throw invalidChatRequest(`${param} must be an object.`, param);
    switch (message.role) {
      case "system":
      case "developer": {
        const text = textOfChatContent(message.content, `${param}.content`);
        if (text !== "") system.push({ text });
        return;
      }
      case "user":
        return appendAlternatingTurn(messages, "user", userBlocks(message.content, `${param}.content`));
      case "assistant":
        return appendAlternatingTurn(messages, "assistant", assistantBlocks(message, param));
      case "tool":
        return appendAlternatingTurn(messages, "user", [toolResultBlock(message, param)]);
      default:
        throw invalidChatRequest(`${param}.role ${JSON.stringify(message.role)} is not supported by Bedrock models.`, `${param}.role`);
    }
  });
  if (messages.length === 0) throw invalidChatRequest("At least one user or assistant message is required.", "messages");
  return { system, messages };
}

/** Bedrock refuses empty text blocks. */
function textBlocks(text: string): JsonObject[] {
  return text === "" ? [] : [{ text }];
}

function userBlocks(content: unknown, param: string): JsonObject[] {
  if (!Array.isArray(content)) return textBlocks(textOfChatContent(content, param));
  return content.flatMap((part: unknown, j): JsonObject[] => {
    const partParam = `${param}[${j}]`;
    if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return textBlocks(part.text);
    if (isJsonObject(part) && part.type === "image_url") return [imageBlock(part.image_url, `${partParam}.image_url`)];
    const type = isJsonObject(part) ? JSON.stringify(part.type) : "this";
    throw invalidChatRequest(`Content part type ${type} is not supported by Bedrock models.`, partParam);
  });
}

const imageFormats: Record<string, string> = { "image/png": "png", "image/jpeg": "jpeg", "image/jpg": "jpeg", "image/gif": "gif", "image/webp": "webp" };

/**
 * Converse takes image bytes, not URLs. The gateway does not fetch a URL a client names (that
 * would let any key make it reach any address), so only data: URLs are translated.
 */
function imageBlock(image: unknown, param: string): JsonObject {
  const url = isJsonObject(image) ? image.url : image;
  if (typeof url !== "string") throw invalidChatRequest(`${param}.url must be a string.`, param);
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!dataUrl) throw invalidChatRequest(`${param}.url must be a base64 data: URL for Bedrock models (Bedrock takes image bytes, not links).`, param);
  const format = imageFormats[dataUrl[1].toLowerCase()];
  if (!format) throw invalidChatRequest(`${param}: Bedrock takes png, jpeg, gif or webp images, not ${dataUrl[1]}.`, param);
  return { image: { format, source: { bytes: dataUrl[2] } } };
}

function assistantBlocks(message: JsonObject, param: string): JsonObject[] {
  const blocks = textBlocks(textOfChatContent(message.content, `${param}.content`));
  const toolCalls = message.tool_calls ?? [];
  if (!Array.isArray(toolCalls)) throw invalidChatRequest(`${param}.tool_calls must be an array.`, `${param}.tool_calls`);
  toolCalls.forEach((call: unknown, j) => {
    const fn = isJsonObject(call) ? call.function : undefined;
    if (!isJsonObject(call) || typeof call.id !== "string" || !isJsonObject(fn) || typeof fn.name !== "string") {
      throw invalidChatRequest(`${param}.tool_calls[${j}] needs an id and a function name.`, `${param}.tool_calls[${j}]`);
    }
    blocks.push({ toolUse: { toolUseId: call.id, name: fn.name, input: parseToolInput(fn.arguments) } });
  });
  return blocks;
}

function toolResultBlock(message: JsonObject, param: string): JsonObject {
  if (typeof message.tool_call_id !== "string") throw invalidChatRequest(`${param}.tool_call_id is required.`, `${param}.tool_call_id`);
  const text = textOfChatContent(message.content, `${param}.content`);
  // Bedrock refuses a tool result without content: an empty answer is still an answer.
  return { toolResult: { toolUseId: message.tool_call_id, content: [{ text: text === "" ? "(empty)" : text }] } };
}

function translateTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalidChatRequest("`tools` must be an array.", "tools");
  if (tools.length === 0) return undefined;
  return tools.map((tool: unknown, i): JsonObject => {
    const fn = isJsonObject(tool) && tool.type === "function" ? tool.function : undefined;
    if (!isJsonObject(fn) || typeof fn.name !== "string") throw invalidChatRequest(`tools[${i}] must be a function tool with a name.`, `tools[${i}]`);
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
  throw invalidChatRequest('`tool_choice` must be "auto", "required", "none" or {type:"function", function:{name}}.', "tool_choice");
}

function translateStop(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const sequences = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(sequences) || !sequences.every((sequence) => typeof sequence === "string")) {
    throw invalidChatRequest("`stop` must be a string or an array of strings.", "stop");
  }
  return sequences.length > 0 ? sequences : undefined;
}
