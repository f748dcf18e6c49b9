import { Tiktoken } from "js-tiktoken/lite";
import { isJsonObject } from "../providers/anthropic-stream";
import type { JsonObject } from "../providers/types";

/**
 * Input tokens of a chat request, estimated with OpenAI's tokenizer (js-tiktoken, whose ranks ship
 * inside the package: nothing is fetched at run time). An estimate, not the upstream's count:
 * chat formatting overheads follow OpenAI's published rule of thumb, tool definitions are counted
 * as their JSON, and every image as a fixed size, since its pixels are not looked at.
 */

export type EncodingName = "o200k_base" | "cl100k_base";

/** OpenAI's count for one 1024x1024 image at high detail (85 + 4 tiles x 170): a middling image. */
export const imageTokens = 765;
/** Each message's role and separators, and the priming of the reply (OpenAI's cookbook). */
const perMessage = 3;
const replyPriming = 3;

/**
 * GPT-4 and GPT-3.5 use cl100k_base; GPT-4o and everything after it o200k_base, which is also the
 * better guess for a model of another family served OpenAI-compatibly (its own tokenizer is unknown here).
 */
export function encodingFor(upstreamModel: string): EncodingName {
  const name = upstreamModel.slice(upstreamModel.lastIndexOf("/") + 1).toLowerCase();
  return /^(gpt-4(?![o.])|gpt-3\.5|gpt-35)/.test(name) ? "cl100k_base" : "o200k_base";
}

// Loaded on first use (the ranks are megabytes of JS), then kept: they never change.
const encoders = new Map<EncodingName, Promise<Tiktoken>>();

function encoder(name: EncodingName): Promise<Tiktoken> {
  let loaded = encoders.get(name);
  if (!loaded) {
    const ranks = name === "o200k_base" ? import("js-tiktoken/ranks/o200k_base") : import("js-tiktoken/ranks/cl100k_base");
    loaded = ranks.then((module) => new Tiktoken(module.default));
    encoders.set(name, loaded);
  }
  return loaded;
}

function contentTokens(tokens: (text: string) => number, content: unknown): number {
  if (typeof content === "string") return tokens(content);
  if (!Array.isArray(content)) return 0;
  let count = 0;
  for (const part of content) {
    if (!isJsonObject(part)) continue;
    if (part.type === "image_url") count += imageTokens;
    else if (typeof part.text === "string") count += tokens(part.text);
  }
  return count;
}

/** The estimate for a chat body as messagesToChatRequest makes it (messages, tools). */
export async function estimateInputTokens(chatBody: JsonObject, upstreamModel: string): Promise<number> {
  const tiktoken = await encoder(encodingFor(upstreamModel));
  const tokens = (text: string) => (text === "" ? 0 : tiktoken.encode(text, [], []).length);
  let count = replyPriming;
  for (const message of Array.isArray(chatBody.messages) ? chatBody.messages : []) {
    if (!isJsonObject(message)) continue;
    count += perMessage + contentTokens(tokens, message.content);
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      const fn = isJsonObject(call) && isJsonObject(call.function) ? call.function : {};
      count += tokens(typeof fn.name === "string" ? fn.name : "") + tokens(typeof fn.arguments === "string" ? fn.arguments : "");
    }
  }
  for (const tool of Array.isArray(chatBody.tools) ? chatBody.tools : []) {
    if (isJsonObject(tool)) count += tokens(JSON.stringify(tool.function ?? tool));
  }
  return count;
}
