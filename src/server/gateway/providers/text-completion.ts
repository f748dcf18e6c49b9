import { GatewayError } from "../errors";
import { isJsonObject } from "./anthropic-stream";
import { openAIHeaders } from "./openai";
import type { JsonObject, Provider, StreamTranslator } from "./types";

/** Chat parameters the Completions API takes as they are. */
const sharedParameters = ["max_tokens", "temperature", "top_p", "n", "stop", "presence_penalty", "frequency_penalty", "seed", "user", "logit_bias"];

function textOf(content: unknown, param: string): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) throw new GatewayError("invalid_request", `${param} must be a string or an array of text parts.`, { param });
  return content
    .map((part: unknown, index) => {
      if (isJsonObject(part) && part.type === "text" && typeof part.text === "string") return part.text;
      throw new GatewayError("invalid_request", `${param}[${index}]: a completions model takes text only.`, { param: `${param}[${index}]` });
    })
    .join("");
}

/**
 * OpenAI's legacy Completions API (`text-completion-openai/gpt-3.5-turbo-instruct`): a chat
 * request becomes one prompt, the messages' texts joined by spaces as LiteLLM joins them, and the
 * answer a chat completion again.
 */
export function toCompletionRequest(model: string, body: JsonObject): JsonObject {
  if (!Array.isArray(body.messages)) throw new GatewayError("invalid_request", "`messages` must be an array.", { param: "messages" });
  const prompt = body.messages.map((message: unknown, index) => textOf(isJsonObject(message) ? message.content : undefined, `messages[${index}].content`)).join(" ");
  const out: JsonObject = { model, prompt };
  for (const name of sharedParameters) if (body[name] !== undefined) out[name] = body[name];
  if (body.max_completion_tokens !== undefined && out.max_tokens === undefined) out.max_tokens = body.max_completion_tokens;
  if (body.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}

function toChatChoice(choice: unknown): JsonObject {
  const item = isJsonObject(choice) ? choice : {};
  return { index: item.index ?? 0, message: { role: "assistant", content: typeof item.text === "string" ? item.text : "" }, finish_reason: item.finish_reason ?? null };
}

export function toChatCompletion(answer: unknown): JsonObject {
  const body = isJsonObject(answer) ? answer : {};
  return {
    id: body.id,
    object: "chat.completion",
    created: body.created,
    model: body.model,
    choices: Array.isArray(body.choices) ? body.choices.map(toChatChoice) : [],
    usage: body.usage,
  };
}

/** Completions chunks as chat chunks: the role first, text as content deltas; the usage chunk and `[DONE]` as they are. */
function createTextStreamTranslator(): StreamTranslator {
  let sentRole = false;
  return {
    translate(event) {
      if (event.data === "[DONE]") return ["[DONE]"];
      const chunk: unknown = JSON.parse(event.data);
      if (!isJsonObject(chunk)) return [];
      const base = { id: chunk.id, object: "chat.completion.chunk", created: chunk.created, model: chunk.model };
      const choices = Array.isArray(chunk.choices) ? chunk.choices.filter(isJsonObject) : [];
      if (choices.length === 0) return [JSON.stringify({ ...base, choices: [], usage: chunk.usage })];
      const out: string[] = [];
      if (!sentRole) {
        sentRole = true;
        out.push(JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }));
      }
      out.push(
        JSON.stringify({
          ...base,
          choices: choices.map((choice) => ({
            index: choice.index ?? 0,
            delta: { content: typeof choice.text === "string" ? choice.text : "" },
            finish_reason: choice.finish_reason ?? null,
          })),
        }),
      );
      return out;
    },
  };
}

export const textCompletionProvider: Provider = {
  supports: (operation) => operation === "chat",
  buildRequest: (_operation, deployment, body) => ({
    url: `${deployment.apiBase}/completions`,
    method: "POST",
    headers: openAIHeaders(deployment),
    body: JSON.stringify(toCompletionRequest(deployment.upstreamModel, body)),
  }),
  translateResponse: (_operation, body) => toChatCompletion(body),
  createStreamTranslator: () => createTextStreamTranslator(),
};
