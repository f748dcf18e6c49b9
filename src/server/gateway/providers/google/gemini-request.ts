import { isJsonObject } from "../anthropic-stream";
import type { JsonObject } from "../types";
import { invalidChatRequest, textOfChatContent } from "../chat-content";

// OpenAI chat completions in, Gemini's generateContent body out (the same for the Gemini API
// and for Gemini on Vertex AI). Fields are named as Google's own SDK sends them (camelCase).

interface GeminiContent {
  role: "user" | "model";
  parts: JsonObject[];
}

/** Builds the body from an allow-list, so OpenAI-only fields never reach Google. */
export function toGeminiRequest(body: JsonObject): JsonObject {
  const { systemInstruction, contents } = translateMessages(body.messages);
  const tools = translateTools(body.tools);
  return {
    contents,
    ...(systemInstruction && { systemInstruction }),
    ...(tools && { tools }),
    ...(tools && body.tool_choice !== undefined && body.tool_choice !== null && { toolConfig: translateToolChoice(body.tool_choice) }),
    generationConfig: generationConfig(body),
  };
}

function optionalNumber(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number") throw invalidChatRequest(`\`${key}\` must be a number.`, key);
  return value;
}

/** LiteLLM's budgets for `reasoning_effort`; Gemini thinks by a token budget. */
const thinkingBudgets: Record<string, number> = { none: 0, disable: 0, minimal: 128, low: 1024, medium: 2048, high: 4096 };

function generationConfig(body: JsonObject): JsonObject {
  const config: JsonObject = {
    temperature: optionalNumber(body, "temperature"),
    topP: optionalNumber(body, "top_p"),
    maxOutputTokens: optionalNumber(body, "max_completion_tokens") ?? optionalNumber(body, "max_tokens"),
    candidateCount: optionalNumber(body, "n"),
    presencePenalty: optionalNumber(body, "presence_penalty"),
    frequencyPenalty: optionalNumber(body, "frequency_penalty"),
    seed: optionalNumber(body, "seed"),
    stopSequences: translateStop(body.stop),
    ...responseFormat(body.response_format),
  };
  const effort = body.reasoning_effort;
  if (typeof effort === "string") {
    const budget = thinkingBudgets[effort];
    if (budget === undefined) throw invalidChatRequest(`\`reasoning_effort\` ${JSON.stringify(effort)} is not one of ${Object.keys(thinkingBudgets).join(", ")}.`, "reasoning_effort");
    config.thinkingConfig = { thinkingBudget: budget };
  }
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

function responseFormat(format: unknown): JsonObject {
  if (format === undefined || format === null) return {};
  if (!isJsonObject(format)) throw invalidChatRequest("`response_format` must be an object.", "response_format");
  if (format.type === "text") return {};
  if (format.type === "json_object") return { responseMimeType: "application/json" };
  const schema = isJsonObject(format.json_schema) ? format.json_schema.schema : undefined;
  if (format.type === "json_schema" && isJsonObject(schema)) return { responseMimeType: "application/json", responseSchema: toGeminiSchema(schema) };
  throw invalidChatRequest('`response_format` must be {type:"text"}, {type:"json_object"} or {type:"json_schema", json_schema:{schema}}.', "response_format");
}

/** Gemini's schemas are OpenAPI's subset: JSON Schema's bookkeeping keys are refused, so they are dropped. */
const unsupportedSchemaKeys = new Set(["$schema", "$id", "additionalProperties", "strict"]);

export function toGeminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGeminiSchema);
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!unsupportedSchemaKeys.has(key)) out[key] = toGeminiSchema(value);
  }
  return out;
}

function translateStop(stop: unknown): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const sequences = typeof stop === "string" ? [stop] : stop;
  if (!Array.isArray(sequences) || !sequences.every((sequence) => typeof sequence === "string")) {
    throw invalidChatRequest("`stop` must be a string or an array of strings.", "stop");
  }
  return sequences.length > 0 ? sequences : undefined;
}

function translateMessages(input: unknown): { systemInstruction?: JsonObject; contents: GeminiContent[] } {
  if (!Array.isArray(input)) throw invalidChatRequest("`messages` must be an array.", "messages");
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  /** A tool result names no function; Gemini needs the name, which the call it answers gave. */
  const functionNames = new Map<string, string>();
  input.forEach((message: unknown, i) => {
    const param = `messages[${i}]`;
    if (!isJsonObject(message)) throw invalidChatRequest(`${param} must be an object.`, param);
    switch (message.role) {
      case "system":
      case "developer": {
        const text = textOfChatContent(message.content, `${param}.content`);
        if (text !== "") system.push(text);
        return;
      }
      case "user":
        return appendTurn(contents, "user", userParts(message.content, `${param}.content`));
      case "assistant":
        return appendTurn(contents, "model", modelParts(message, param, functionNames));
      case "tool":
        return appendTurn(contents, "user", [functionResponse(message, param, functionNames)]);
      default:
        throw invalidChatRequest(`${param}.role ${JSON.stringify(message.role)} is not supported by Gemini models.`, `${param}.role`);
    }
  });
  if (contents.length === 0) throw invalidChatRequest("At least one user or assistant message is required.", "messages");
  return { systemInstruction: system.length > 0 ? { parts: [{ text: system.join("\n\n") }] } : undefined, contents };
}

/** Turns of one role in a row are one turn to Gemini (a tool call's several results, say). */
function appendTurn(contents: GeminiContent[], role: GeminiContent["role"], parts: JsonObject[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function textParts(text: string): JsonObject[] {
  return text === "" ? [] : [{ text }];
}

function userParts(content: unknown, param: string): JsonObject[] {
  if (!Array.isArray(content)) return textParts(textOfChatContent(content, param));
  return content.flatMap((part: unknown, j): JsonObject[] => {
    const partParam = `${param}[${j}]`;
    if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return textParts(part.text);
    if (isJsonObject(part) && part.type === "image_url") return [imagePart(part.image_url, `${partParam}.image_url`)];
    const type = isJsonObject(part) ? JSON.stringify(part.type) : "this";
    throw invalidChatRequest(`Content part type ${type} is not supported by Gemini models.`, partParam);
  });
}

const imageTypes: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", heic: "image/heic", pdf: "application/pdf" };

/**
 * A data URL goes inline; any other URL as a file reference, which Google fetches itself (the
 * gateway never fetches a URL a client names). Gemini needs a MIME type, read from the extension.
 */
function imagePart(image: unknown, param: string): JsonObject {
  const url = isJsonObject(image) ? image.url : image;
  if (typeof url !== "string") throw invalidChatRequest(`${param}.url must be a string.`, param);
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (dataUrl) return { inlineData: { mimeType: dataUrl[1], data: dataUrl[2] } };
  if (!/^(https?|gs):\/\//i.test(url)) throw invalidChatRequest(`${param}.url must be an http(s) or gs:// URL or a base64 data: URL.`, param);
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return { fileData: { mimeType: (extension && imageTypes[extension]) ?? "image/jpeg", fileUri: url } };
}

function modelParts(message: JsonObject, param: string, functionNames: Map<string, string>): JsonObject[] {
  const parts = textParts(textOfChatContent(message.content, `${param}.content`));
  const toolCalls = message.tool_calls ?? [];
  if (!Array.isArray(toolCalls)) throw invalidChatRequest(`${param}.tool_calls must be an array.`, `${param}.tool_calls`);
  toolCalls.forEach((call: unknown, j) => {
    const fn = isJsonObject(call) ? call.function : undefined;
    if (!isJsonObject(call) || typeof call.id !== "string" || !isJsonObject(fn) || typeof fn.name !== "string") {
      throw invalidChatRequest(`${param}.tool_calls[${j}] needs an id and a function name.`, `${param}.tool_calls[${j}]`);
    }
    functionNames.set(call.id, fn.name);
    parts.push({ functionCall: { name: fn.name, args: functionArguments(fn.arguments, `${param}.tool_calls[${j}].function.arguments`) } });
  });
  return parts;
}

function functionArguments(text: unknown, param: string): JsonObject {
  if (text === undefined || text === null || text === "") return {};
  if (typeof text !== "string") throw invalidChatRequest(`${param} must be a JSON string.`, param);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidChatRequest(`${param} must be a JSON object.`, param);
  }
  if (!isJsonObject(parsed)) throw invalidChatRequest(`${param} must be a JSON object.`, param);
  return parsed;
}

function functionResponse(message: JsonObject, param: string, functionNames: Map<string, string>): JsonObject {
  if (typeof message.tool_call_id !== "string") throw invalidChatRequest(`${param}.tool_call_id is required.`, `${param}.tool_call_id`);
  const name = functionNames.get(message.tool_call_id);
  if (name === undefined) throw invalidChatRequest(`${param}.tool_call_id names no tool call of an earlier assistant message.`, `${param}.tool_call_id`);
  return { functionResponse: { name, response: { content: textOfChatContent(message.content, `${param}.content`) } } };
}

function translateTools(tools: unknown): JsonObject[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalidChatRequest("`tools` must be an array.", "tools");
  if (tools.length === 0) return undefined;
  const functionDeclarations = tools.map((tool: unknown, i): JsonObject => {
    const fn = isJsonObject(tool) && tool.type === "function" ? tool.function : undefined;
    if (!isJsonObject(fn) || typeof fn.name !== "string") throw invalidChatRequest(`tools[${i}] must be a function tool with a name.`, `tools[${i}]`);
    return {
      name: fn.name,
      ...(typeof fn.description === "string" && { description: fn.description }),
      ...(isJsonObject(fn.parameters) && { parameters: toGeminiSchema(fn.parameters) }),
    };
  });
  return [{ functionDeclarations }];
}

function translateToolChoice(choice: unknown): JsonObject {
  if (choice === "auto") return { functionCallingConfig: { mode: "AUTO" } };
  if (choice === "required") return { functionCallingConfig: { mode: "ANY" } };
  if (choice === "none") return { functionCallingConfig: { mode: "NONE" } };
  const fn = isJsonObject(choice) && choice.type === "function" ? choice.function : undefined;
  if (isJsonObject(fn) && typeof fn.name === "string") return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [fn.name] } };
  throw invalidChatRequest('`tool_choice` must be "auto", "required", "none" or {type:"function", function:{name}}.', "tool_choice");
}
