import { z } from "zod";

/**
 * Anthropic Messages API request shapes, as far as the gateway reads them.
 *
 * The request schema checks the envelope only and keeps every field (loose objects): Anthropic
 * deployments receive the body as sent, so a block type or field added after this was written
 * must not be refused here. The block schemas are strict and used where a block is translated.
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

const countTokensFields = {
  model: z.string().min(1),
  messages: z.array(messageParamSchema),
  system: z.union([z.string(), z.array(contentBlockSchema)]).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
};

/** `POST /v1/messages/count_tokens`: a message request without the generation settings. */
export const countTokensRequestSchema = z.looseObject(countTokensFields);
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;

/** `POST /v1/messages`. Anthropic requires `max_tokens`, so the gateway does too. */
export const messagesRequestSchema = z.looseObject({
  ...countTokensFields,
  max_tokens: z.number().int().positive(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
