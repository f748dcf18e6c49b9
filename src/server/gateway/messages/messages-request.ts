import { z } from "zod";
import { GatewayError } from "../errors";
import type { JsonObject } from "../providers/types";

/**
 * What the gateway itself must know of a Messages request; everything else (system blocks,
 * cache_control, tools, thinking, metadata, images, documents) is the upstream's to judge and
 * passes untouched. `stream` decides how the answer is read, so a "true" the upstream would take
 * as truthy is refused here rather than misread.
 */
const messagesRequest = z.object({
  model: z.string({ error: "'model' is required and must be a non-empty string" }).trim().min(1, { error: "'model' is required and must be a non-empty string" }),
  max_tokens: z
    .number({ error: "'max_tokens' is required and must be a positive integer" })
    .int({ error: "'max_tokens' must be a positive integer" })
    .positive({ error: "'max_tokens' must be a positive integer" }),
  messages: z.array(z.unknown(), { error: "'messages' is required and must be an array of messages" }),
  stream: z.boolean({ error: "'stream' must be true or false" }).optional(),
});

export interface MessagesRequest {
  model: string;
  streamed: boolean;
}

/** The fields the gateway routes and reads the answer by, or a 400 naming the first one wrong. */
export function readMessagesRequest(body: JsonObject): MessagesRequest {
  const parsed = messagesRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.map(String).join(".");
    throw new GatewayError(param === "model" ? "missing_model" : "invalid_request", issue.message, { param });
  }
  // The name as the client wrote it: access rules and spend rows see what was asked for.
  return { model: body.model as string, streamed: parsed.data.stream === true };
}
