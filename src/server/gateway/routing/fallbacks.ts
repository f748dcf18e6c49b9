import type { FallbackRules } from "../../config/types";
import { GatewayError, isGatewayError } from "../errors";
import { UpstreamError } from "../providers/upstream-error";

export type FallbackKind = "general" | "context_window" | "content_policy";

const contextWindowMessage = /context length|context window|maximum context|prompt is too long|too many (input )?tokens/i;
const contentPolicyMessage = /content (management )?policy|content filter|safety system/i;

/**
 * Which fallbacks a failure (after the group's own retries) may try, if any. A request the
 * upstream refused as malformed (400) fails the same anywhere, so it is not tried elsewhere,
 * except for LiteLLM's two kinds: too long for the context window, and refused by a content
 * policy, which other models may accept.
 */
export function fallbackKindOf(error: unknown): FallbackKind | undefined {
  if (error instanceof UpstreamError) {
    if (error.status === 400 || error.status === 413 || error.status === 422) {
      const { code, message } = error.body.error;
      if (code === "context_length_exceeded" || contextWindowMessage.test(message)) return "context_window";
      if (code === "content_policy_violation" || code === "content_filter" || contentPolicyMessage.test(message)) return "content_policy";
      return undefined;
    }
    return "general";
  }
  // Pre-call checks found no deployment with a context window for the request.
  if (isGatewayError(error) && error.code === "context_length_exceeded") return "context_window";
  // The router's own "every deployment is cooling down / at its limit".
  if (isGatewayError(error) && (error.code === "no_deployment_available" || error.code === "rate_limit_exceeded")) return "general";
  return undefined;
}

/** The model names to try after `group` failed this way: the specific list, else the general one, else the defaults. */
export function fallbacksFor(rules: FallbackRules | undefined, group: string, kind: FallbackKind): readonly string[] {
  if (!rules) return [];
  const specific = kind === "context_window" ? rules.contextWindow.get(group) : kind === "content_policy" ? rules.contentPolicy.get(group) : undefined;
  return specific ?? rules.general.get(group) ?? rules.defaults;
}

/** `fallbacks` in a request body, as LiteLLM accepts it: a list of model names. */
export function requestedFallbacks(body: Record<string, unknown>): string[] | undefined {
  const value = body.fallbacks;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 10 || !value.every((name) => typeof name === "string" && name.trim() !== "")) {
    throw new GatewayError("invalid_request", "'fallbacks' must be a list of at most 10 model names", { param: "fallbacks" });
  }
  return value as string[];
}
