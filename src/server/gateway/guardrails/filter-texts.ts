import { GatewayError } from "../errors";
import type { JsonObject, Operation } from "../providers/types";
import { filterText } from "./content-filter";
import type { Guardrail } from "./guardrails";

// The content filter over the texts of each door's requests and answers: every text is passed
// through the rules, masked or refused.

export function filterRequest(filters: readonly Guardrail[], operation: Operation, body: JsonObject): JsonObject {
  const check = (text: string) => applyAll(filters, text, "request");
  if (operation === "responses") {
    const out: JsonObject = { ...body, input: typeof body.input === "string" ? check(body.input) : mapMessages(body.input, check) };
    if (typeof body.instructions === "string") out.instructions = check(body.instructions);
    return out;
  }
  if (operation === "messages") {
    const out: JsonObject = { ...body, messages: mapMessages(body.messages, check) };
    if (body.system !== undefined) out.system = mapContent(body.system, check);
    return out;
  }
  return { ...body, messages: mapMessages(body.messages, check) };
}

export function filterAnswer(filters: readonly Guardrail[], operation: Operation, record: JsonObject): unknown {
  const check = (text: string) => applyAll(filters, text, "answer");
  if (operation === "messages") return { ...record, content: mapContent(record.content, check) };
  if (operation === "responses") return { ...record, output: mapMessages(record.output, check) };
  if (!Array.isArray(record.choices)) return record;
  return {
    ...record,
    choices: record.choices.map((choice: JsonObject) => {
      const message = choice?.message as JsonObject | undefined;
      return message ? { ...choice, message: { ...message, content: mapContent(message.content, check) } } : choice;
    }),
  };
}

export function applyAll(guardrails: readonly Guardrail[], text: string, where: "request" | "answer"): string {
  let out = text;
  for (const guardrail of guardrails) {
    const outcome = filterText(out, guardrail.rules);
    if (outcome.kind === "blocked") {
      throw new GatewayError("guardrail_blocked", `Blocked by guardrail "${guardrail.name}": the ${where} contains ${outcome.rule.label}`, {
        param: where === "request" ? "messages" : null,
      });
    }
    out = outcome.text;
  }
  return out;
}

/** Messages of chat and Anthropic's API, or items of the Responses API (whose tool outputs are read too). */
function mapMessages(messages: unknown, check: (text: string) => string): unknown {
  if (!Array.isArray(messages)) return messages;
  return messages.map((message: JsonObject) => {
    if (!message || typeof message !== "object") return message;
    if ("content" in message) return { ...message, content: mapContent(message.content, check) };
    if (message.type === "function_call_output" && typeof message.output === "string") return { ...message, output: check(message.output) };
    return message;
  });
}

/** A content value of either API: a string, or blocks whose text (and tool results' content) is read. */
function mapContent(content: unknown, check: (text: string) => string): unknown {
  if (typeof content === "string") return check(content);
  if (!Array.isArray(content)) return content;
  return content.map((block: JsonObject) => {
    if (!block || typeof block !== "object") return block;
    if (typeof block.text === "string") return { ...block, text: check(block.text) };
    if (block.type === "tool_result" && block.content !== undefined) return { ...block, content: mapContent(block.content, check) };
    return block;
  });
}
