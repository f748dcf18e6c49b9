import { GatewayError } from "../errors";
import { isJsonObject } from "./anthropic-stream";
import type { JsonObject } from "./types";

// Reading OpenAI chat messages, for the providers that translate them to another wire format
// (Anthropic, Bedrock's Converse, Gemini): one reading, so all refuse the same things alike.

/** A 400 naming the part of the chat request a provider cannot take. */
export function invalidChatRequest(message: string, param: string): GatewayError {
  return new GatewayError("invalid_request", message, { param });
}

/** The text of string content or of its text (and refusal) parts; any other part is a 400 naming it. */
export function textOfChatContent(content: unknown, param: string): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw invalidChatRequest(`${param} must be a string or an array of content parts.`, param);
  return content
    .map((part: unknown, j) => {
      if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return part.text;
      if (isJsonObject(part) && part.type === "refusal" && typeof part.refusal === "string") return part.refusal;
      throw invalidChatRequest(`${param}[${j}] must be a text part here.`, `${param}[${j}]`);
    })
    .join("\n");
}

/** For APIs whose turns must alternate (Anthropic, Converse): a turn of the same role as the last one joins it. */
export function appendAlternatingTurn<Role extends string>(messages: Array<{ role: Role; content: JsonObject[] }>, role: Role, blocks: JsonObject[]): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last?.role === role) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}
