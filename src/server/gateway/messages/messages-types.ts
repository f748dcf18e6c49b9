import { z } from "zod";
import { GatewayError } from "../errors";
import type { JsonObject } from "../providers/types";

/**
 * Anthropic Messages API request shapes, as far as the gateway reads them: the one request schema
 * both the passthrough to Anthropic and the translation read.
 *
 * The request schema checks the envelope only and keeps every field (loose objects): Anthropic
 * deployments receive the body as sent, so a block type or field added after this was written
 * must not be refused here. The block schemas and `toolChoiceSchema` are strict and used where a
 * request is translated.
 */

const cacheControl = z.looseObject({ type: z.string() }).nullish();

export const textBlockSchema = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  citations: z.array(z.unknown()).nullish(),
  cache_control: cacheControl,
});

export const imageBlockSchema = z.looseObject({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("base64"), media_type: z.string(), data: z.string() }),
    z.looseObject({ type: z.literal("url"), url: z.string() }),
    // Files API uploads: valid Anthropic, refused by translation (no OpenAI equivalent).
    z.looseObject({ type: z.literal("file"), file_id: z.string() }),
  ]),
  cache_control: cacheControl,
});

export const toolUseBlockSchema = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});

export const toolResultBlockSchema = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

export type TextBlock = z.infer<typeof textBlockSchema>;
export type ImageBlock = z.infer<typeof imageBlockSchema>;
export type ToolUseBlock = z.infer<typeof toolUseBlockSchema>;
export type ToolResultBlock = z.infer<typeof toolResultBlockSchema>;

/** Any content block: its `type` is all the envelope checks. */
const contentBlockSchema = z.looseObject({ type: z.string() });
export type ContentBlock = z.infer<typeof contentBlockSchema>;

export const messageParamSchema = z.looseObject({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});
export type MessageParam = z.infer<typeof messageParamSchema>;

export const toolSchema = z.looseObject({
  /** Absent or "custom" for a client tool; a dated name (`web_search_20250305`, ...) for Anthropic's own. */
  type: z.string().nullish(),
  name: z.string(),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: cacheControl,
});
export type Tool = z.infer<typeof toolSchema>;

export const toolChoiceSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal("tool"), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal("none") }),
]);
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

const modelError = { error: "'model' is required and must be a non-empty string" };

const countTokensFields = {
  model: z.string(modelError).trim().min(1, modelError),
  messages: z.array(messageParamSchema, { error: "'messages' is required and must be an array of messages" }),
  system: z.union([z.string(), z.array(contentBlockSchema)]).optional(),
  tools: z.array(toolSchema).optional(),
  // Only the type here, so a passthrough never refuses a choice added after this was written.
  tool_choice: z.looseObject({ type: z.string() }).optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
};

/** `POST /v1/messages/count_tokens`: a message request without the generation settings. */
export const countTokensRequestSchema = z.looseObject(countTokensFields);
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;

/**
 * `POST /v1/messages`. Anthropic requires `max_tokens`, so the gateway does too. `stream` decides
 * how the answer is read, so a "true" the upstream would take as truthy is refused here rather
 * than misread.
 */
export const messagesRequestSchema = z.looseObject({
  ...countTokensFields,
  max_tokens: z
    .number({ error: "'max_tokens' is required and must be a positive integer" })
    .int({ error: "'max_tokens' must be a positive integer" })
    .positive({ error: "'max_tokens' must be a positive integer" }),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean({ error: "'stream' must be true or false" }).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

/** A body checked against `schema`, or a 400 naming the first field wrong. */
export function parseMessagesBody<Schema extends z.ZodType>(schema: Schema, body: JsonObject): z.infer<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.path.map(String).join(".");
  const message = param === "" || issue.message.startsWith("'") ? issue.message : `'${param}': ${issue.message}`;
  throw new GatewayError(param === "model" ? "missing_model" : "invalid_request", message, { param });
}

export interface MessagesRoute {
  model: string;
  streamed: boolean;
}

/** The fields the gateway routes and reads the answer by, or a 400 naming the first one wrong. */
export function readMessagesRequest(body: JsonObject): MessagesRoute {
  const request = parseMessagesBody(messagesRequestSchema, body);
  // The name as the client wrote it: access rules and spend rows see what was asked for.
  return { model: body.model as string, streamed: request.stream === true };
}
