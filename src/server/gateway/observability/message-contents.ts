import type { JsonObject } from "../providers/types";
import type { CallType } from "../spend/record-request";

// What a request said and what it was answered, read from the bodies as they are (OpenAI's chat,
// Responses and embeddings shapes, Anthropic's Messages). Contents leave the gateway only when
// the operator turned message logging on; the response facts (model, id, finish reasons) always may.

function objectOf(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export interface ResponseFacts {
  model?: string;
  id?: string;
  finishReasons: string[];
}

const none: ResponseFacts = { finishReasons: [] };

/** The answer's own model, id and finish reasons, as GenAI spans and LiteLLM's payload report them. */
export function responseFacts(operation: CallType, answer: unknown): ResponseFacts {
  const body = objectOf(answer);
  if (!body) return none;
  const facts: ResponseFacts = {
    model: typeof body.model === "string" ? body.model : undefined,
    id: typeof body.id === "string" ? body.id : undefined,
    finishReasons: [],
  };
  if (operation === "chat" && Array.isArray(body.choices)) {
    for (const choice of body.choices) {
      const reason = objectOf(choice)?.finish_reason;
      if (typeof reason === "string") facts.finishReasons.push(reason);
    }
  } else if (operation === "messages" && typeof body.stop_reason === "string") {
    facts.finishReasons.push(body.stop_reason);
  } else if (operation === "responses" && typeof body.status === "string") {
    facts.finishReasons.push(body.status);
  }
  return facts;
}

/** The prompt part of a request body, or undefined when there is none. */
export function inputOf(operation: CallType, body: JsonObject | undefined): unknown {
  if (!body) return undefined;
  switch (operation) {
    case "chat":
      return body.messages;
    case "messages":
    case "count_tokens":
      return body.system === undefined ? body.messages : [{ role: "system", content: body.system }, ...(Array.isArray(body.messages) ? body.messages : [])];
    case "responses": {
      const input = typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input;
      return body.instructions === undefined ? input : [{ role: "system", content: body.instructions }, ...(Array.isArray(input) ? input : [])];
    }
    case "embeddings":
      return body.input;
    default:
      return undefined;
  }
}

/** The answer's messages: chat's choices, Anthropic's content as one assistant message, Responses' output items. */
export function outputOf(operation: CallType, answer: unknown): unknown {
  const body = objectOf(answer);
  if (!body) return undefined;
  if (operation === "chat" && Array.isArray(body.choices)) {
    return body.choices.map((choice) => ({ ...objectOf(objectOf(choice)?.message), finish_reason: objectOf(choice)?.finish_reason }));
  }
  if (operation === "messages" && body.content !== undefined) return [{ role: "assistant", content: body.content, finish_reason: body.stop_reason }];
  if (operation === "responses") return body.output;
  return undefined;
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/** gen_ai.input.messages: the prompt as JSON text. */
export function inputMessagesOf(operation: CallType, body: JsonObject | undefined): string | undefined {
  return json(inputOf(operation, body));
}

/** gen_ai.output.messages: the answer's messages as JSON text. */
export function outputMessagesOf(operation: CallType, answer: unknown): string | undefined {
  return json(outputOf(operation, answer));
}
