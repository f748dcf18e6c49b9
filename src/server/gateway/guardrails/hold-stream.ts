import type { Operation } from "../providers/types";

/** The text a streamed payload adds to the answer, in each door's event shape. */
function deltaText(operation: Operation, payload: Record<string, unknown>): string {
  if (operation === "messages") {
    const delta = payload.delta as { type?: unknown; text?: unknown } | undefined;
    return payload.type === "content_block_delta" && delta?.type === "text_delta" && typeof delta.text === "string" ? delta.text : "";
  }
  if (operation === "responses") return payload.type === "response.output_text.delta" && typeof payload.delta === "string" ? payload.delta : "";
  const choices = Array.isArray(payload.choices) ? (payload.choices as Array<{ delta?: { content?: unknown } }>) : [];
  return choices.map((choice) => (typeof choice?.delta?.content === "string" ? choice.delta.content : "")).join("");
}

/** The answer's text, assembled from the SSE the client would have been sent. */
export function streamedText(operation: Operation, sse: string): string {
  let text = "";
  for (const line of sse.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "" || data === "[DONE]") continue;
    try {
      const payload: unknown = JSON.parse(data);
      if (payload && typeof payload === "object") text += deltaText(operation, payload as Record<string, unknown>);
    } catch {
      // Not JSON (a provider's comment or keep-alive): no text of the answer.
    }
  }
  return text;
}

/**
 * post_call on a streamed answer, as LiteLLM does it for moderation: the whole stream is read
 * (and its spend recorded) before anything is sent, its text checked, then replayed, or the
 * refusal thrown while the status can still say so.
 */
export async function holdStream(stream: AsyncIterable<string>, operation: Operation, check: (text: string) => Promise<void>): Promise<AsyncIterable<string>> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  await check(streamedText(operation, chunks.join("")));
  return (async function* replay() {
    yield* chunks;
  })();
}
