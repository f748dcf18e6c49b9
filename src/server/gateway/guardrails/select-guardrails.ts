import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import type { JsonObject } from "../providers/types";

/**
 * What a request says about guardrails, in LiteLLM's forms: `guardrails` (or `metadata.guardrails`)
 * as a list of names (a `{name: {...}}` entry naming one too), or as `{name: true|false}`.
 */
export interface RequestedGuardrails {
  on: string[];
  off: string[];
}

export function readRequested(named: unknown): RequestedGuardrails {
  const requested: RequestedGuardrails = { on: [], off: [] };
  const invalid = () => new GatewayError("invalid_request", "'guardrails' must be a list of guardrail names, or an object of guardrail names to true or false", { param: "guardrails" });
  if (Array.isArray(named)) {
    for (const entry of named) {
      if (typeof entry === "string") requested.on.push(entry);
      else if (entry && typeof entry === "object" && !Array.isArray(entry)) requested.on.push(...Object.keys(entry));
      else throw invalid();
    }
    return requested;
  }
  if (named && typeof named === "object") {
    for (const [name, on] of Object.entries(named)) {
      if (typeof on !== "boolean") throw invalid();
      (on ? requested.on : requested.off).push(name);
    }
    return requested;
  }
  throw invalid();
}

/** The names a key (and its team) attach to every request of theirs: `metadata.guardrails`, as LiteLLM keeps them. */
export function attachedGuardrails(principal: Principal | undefined): string[] {
  if (principal?.kind !== "key") return [];
  const names = (metadata: Record<string, unknown> | undefined) => {
    const list = metadata?.guardrails;
    return Array.isArray(list) ? list.filter((name): name is string => typeof name === "string") : [];
  };
  return [...names(principal.key.metadata), ...names(principal.team?.metadata)];
}

/** LiteLLM's `disable_global_guardrails` on a key or its team (set by an admin only): default_on guardrails skip it. */
export function globalGuardrailsDisabled(principal: Principal | undefined): boolean {
  if (principal?.kind !== "key") return false;
  return principal.key.metadata?.disable_global_guardrails === true || principal.team?.metadata?.disable_global_guardrails === true;
}

/** The request's body without LiteLLM's guardrail names, which are the gateway's, not the provider's. */
export function withoutGuardrailNames(body: JsonObject): JsonObject {
  const { guardrails: _named, ...rest } = body;
  const metadata = rest.metadata as JsonObject | undefined;
  if (metadata && typeof metadata === "object" && "guardrails" in metadata) {
    const { guardrails: _alsoNamed, ...otherMetadata } = metadata;
    rest.metadata = otherMetadata;
  }
  return rest;
}
