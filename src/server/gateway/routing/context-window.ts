import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import { estimateInputTokens } from "../messages/estimate-input-tokens";
import type { JsonObject } from "../providers/types";
import type { DeploymentFilter } from "./tag-filter";

/** A deployment's context window in tokens, when known. */
export type WindowOf = (deployment: Deployment) => number | undefined;

/** What a context-window check learned: whom it allows, and the request's input tokens if it counted them. */
export interface ContextWindowCheck {
  eligible?: DeploymentFilter;
  inputTokens?: number;
}

/**
 * LiteLLM's pre-call check (`enable_pre_call_checks`): deployments whose `max_input_tokens`
 * (model_info, else the cost map) the request exceeds are skipped; none left is a 400
 * `context_length_exceeded`, which context_window_fallbacks answer. The tokenizer runs only
 * when the body's size (a bound on its tokens: each is a byte or more; image URLs aside) passes some deployment's window, so
 * ordinary requests are not tokenized at all.
 */
export async function checkContextWindow(group: string, deployments: readonly Deployment[], windowOf: WindowOf, body: JsonObject, bodyBytes: number): Promise<ContextWindowCheck> {
  const windows = deployments.map(windowOf);
  const known = windows.filter((window): window is number => window !== undefined);
  if (known.length === 0 || bodyBytes <= Math.min(...known)) return {};
  const inputTokens = Array.isArray(body.messages) ? await estimateInputTokens(body, deployments[0].upstreamModel) : Math.ceil(bodyBytes / 4);
  const fits = new Set(deployments.filter((_, index) => windows[index] === undefined || inputTokens <= windows[index]!));
  if (fits.size === 0) {
    throw new GatewayError(
      "context_length_exceeded",
      `Context window exceeded: the request has about ${inputTokens} input tokens, more than the max_input_tokens of every deployment of "${group}" (largest ${Math.max(...known)})`,
      { param: Array.isArray(body.messages) ? "messages" : "input" },
    );
  }
  return { eligible: fits.size === deployments.length ? undefined : (deployment) => fits.has(deployment), inputTokens };
}
