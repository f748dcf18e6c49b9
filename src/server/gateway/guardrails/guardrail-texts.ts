import type { JsonObject, Operation } from "../providers/types";

// What a moderation guardrail reads: the texts of a request's last user turn, or of a whole answer.

/** Text of a content value of either API: a string, or the text of its blocks (tool results' too). */
function textsOf(content: unknown, out: string[]): void {
  if (typeof content === "string") {
    out.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content as JsonObject[]) {
    if (!block || typeof block !== "object") continue;
    if (typeof block.text === "string") out.push(block.text);
    else if (block.type === "tool_result") textsOf(block.content, out);
  }
}

/**
 * The last consecutive run of user messages, as LiteLLM's moderation guardrail reads a request
 * (get_last_user_message): earlier turns were checked when they were sent.
 */
export function lastUserText(operation: Operation, body: JsonObject): string {
  // The Responses API's `input` is a string (one user turn) or items, messages among them.
  if (operation === "responses" && typeof body.input === "string") return body.input;
  const list = operation === "responses" ? body.input : body.messages;
  const messages = Array.isArray(list) ? (list as JsonObject[]) : [];
  let end = messages.length - 1;
  while (end >= 0 && messages[end]?.role !== "user") end--;
  let start = end;
  while (start > 0 && messages[start - 1]?.role === "user") start--;
  const out: string[] = [];
  for (let index = start; index >= 0 && index <= end; index++) textsOf(messages[index].content, out);
  return out.join("\n");
}

/** Every text of a whole answer: a chat completion's choices, a response's output messages, or a Messages answer's content. */
export function answerText(operation: Operation, answer: unknown): string {
  if (typeof answer !== "object" || answer === null) return "";
  const record = answer as JsonObject;
  const out: string[] = [];
  if (operation === "messages") textsOf(record.content, out);
  else if (operation === "responses" && Array.isArray(record.output)) for (const item of record.output as JsonObject[]) textsOf(item?.content, out);
  else if (Array.isArray(record.choices)) for (const choice of record.choices as JsonObject[]) textsOf((choice?.message as JsonObject | undefined)?.content, out);
  return out.join("\n");
}
