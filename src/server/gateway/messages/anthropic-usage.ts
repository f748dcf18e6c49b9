import type { Usage } from "../pricing/usage";
import { isJsonObject, readUsage as readAnthropicUsage, type AnthropicUsage } from "../providers/anthropic-stream";

/**
 * An Anthropic `usage` as the gateway's Usage. Anthropic counts cache reads and writes apart from
 * `input_tokens`; Usage counts them inside promptTokens and prices each kind once (computeCost).
 */
export function usageOfAnthropic(usage: Partial<AnthropicUsage>): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  return {
    promptTokens: (usage.input_tokens ?? 0) + cacheRead + cacheCreation,
    completionTokens: usage.output_tokens ?? 0,
    cachedTokens: cacheRead,
    cacheCreationTokens: cacheCreation,
    reasoningTokens: 0,
    audioPromptTokens: 0,
    audioCompletionTokens: 0,
  };
}

/** The usage of a whole Messages API answer, or undefined when it carries none. */
export function usageOfMessage(message: unknown): Usage | undefined {
  return isJsonObject(message) && isJsonObject(message.usage) ? usageOfAnthropic(readAnthropicUsage(message.usage)) : undefined;
}

/**
 * Usage of a streamed Messages answer, gathered from its events: `message_start` has the prompt's
 * counts (cache reads and writes included), each `message_delta` the output so far (cumulative),
 * and sometimes the prompt's again. Later counts replace earlier ones, field by field.
 */
export class StreamUsageTally {
  private readonly counts: Partial<AnthropicUsage> = {};
  private seen = false;

  /** Reads one event's JSON data; returns the usage so far when the event carried some. */
  read(data: string): Usage | undefined {
    const event: unknown = JSON.parse(data);
    if (!isJsonObject(event)) return undefined;
    const usage = event.type === "message_start" && isJsonObject(event.message) ? event.message.usage : event.type === "message_delta" ? event.usage : undefined;
    if (!isJsonObject(usage)) return undefined;
    Object.assign(this.counts, readAnthropicUsage(usage));
    this.seen = true;
    return this.usage();
  }

  usage(): Usage | undefined {
    return this.seen ? usageOfAnthropic(this.counts) : undefined;
  }
}
