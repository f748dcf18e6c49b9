import type OpenAI from "openai";

/** One way a client carries a Responses conversation forward. */
export type ConversationStyle = "previous_response_id" | "encrypted_items" | "encrypted_without_ids";

type Items = OpenAI.Responses.ResponseInputItem[];

async function create(client: OpenAI, body: OpenAI.Responses.ResponseCreateParamsNonStreaming, stream: boolean): Promise<OpenAI.Responses.Response> {
  if (!stream) return client.responses.create(body);
  const events = await client.responses.create({ ...body, stream: true });
  let completed: OpenAI.Responses.Response | undefined;
  for await (const event of events) if (event.type === "response.completed") completed = event.response;
  if (!completed) throw new Error("stream ended without response.completed");
  return completed;
}

/** The answer's text; a streamed `response.completed` carries no `output_text` convenience. */
function textOf(response: OpenAI.Responses.Response): string {
  return response.output
    .flatMap((item) => (item.type === "message" ? item.content : []))
    .map((part) => (part.type === "output_text" ? part.text : ""))
    .join("");
}

/** What the next turn resends: the output items, with or without their ids (Codex drops them). */
function carried(output: OpenAI.Responses.ResponseOutputItem[], withIds: boolean): Items {
  return output.map((item) => {
    if (withIds) return item as unknown as Items[number];
    const { id: _id, ...rest } = item as unknown as Record<string, unknown>;
    return rest as unknown as Items[number];
  });
}

/**
 * Runs a conversation of `turns` turns in one style, streamed or not, and returns the text of
 * each turn. Throws (the SDK's error) on the first turn that fails. Given several clients (one
 * per gateway instance), the turns take them in turn.
 */
export async function converse(clients: OpenAI | OpenAI[], model: string, style: ConversationStyle, turns: number, stream: boolean): Promise<string[]> {
  const ring = Array.isArray(clients) ? clients : [clients];
  const texts: string[] = [];
  let history: Items = [];
  let previous: string | undefined;
  for (let turn = 1; turn <= turns; turn++) {
    const user: Items = [{ role: "user", content: `turn ${turn}` }];
    const body: OpenAI.Responses.ResponseCreateParamsNonStreaming =
      style === "previous_response_id"
        ? { model, input: user, previous_response_id: previous }
        : { model, input: [...history, ...user], store: false, include: ["reasoning.encrypted_content"] };
    const response = await create(ring[(turn - 1) % ring.length], body, stream);
    texts.push(textOf(response));
    previous = response.id;
    history = [...history, ...user, ...carried(response.output, style === "encrypted_items")];
  }
  return texts;
}
