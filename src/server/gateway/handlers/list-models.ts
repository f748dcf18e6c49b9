import { decideModelAccess } from "../access/model-access";
import type { GatewayContext } from "../context";
import { jsonResponse, type GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";

/** A fixed `created` (LiteLLM's): the same on every instance and restart, so lists compare equal. */
const created = 1677610602;

/**
 * The ids a model group offers: itself, or for a wildcard group with a provider prefix
 * (`anthropic/*`) every model of that provider in the active cost map that the pattern matches.
 */
function idsOf(ctx: GatewayContext, group: string): string[] {
  if (!group.includes("*")) return [group];
  const slash = group.indexOf("/");
  if (slash === -1 || group.slice(0, slash).includes("*")) return []; // `*` alone would list the whole map
  const provider = group.slice(0, slash);
  const pattern = ctx.routes.wildcardGroups().find((candidate) => candidate.source === group)!;
  const models = ctx.costMaps.active.current().map.modelsOf(provider) ?? [];
  return [...models].map((model) => `${provider}/${model}`).filter((id) => pattern.capture(id) !== undefined);
}

/**
 * `GET /v1/models`: every model this caller may use, in OpenAI's list shape: the model groups,
 * then the aliases that are not hidden (as LiteLLM lists them), each under its group's owner.
 */
export function listModels(ctx: GatewayContext, principal: Principal): GatewayResponse {
  const data = [];
  const seen = new Set<string>();
  for (const group of ctx.router.modelGroups()) {
    const ownedBy = ctx.router.deploymentsOf(group)[0]?.providerPrefix ?? "switchyard";
    for (const id of idsOf(ctx, group)) {
      if (seen.has(id) || !decideModelAccess(principal, id, ctx.catalog).allowed) continue;
      seen.add(id);
      data.push({ id, object: "model", created, owned_by: ownedBy });
    }
  }
  for (const { alias, group, hidden } of ctx.config.modelGroupAliases) {
    if (hidden || seen.has(alias) || !decideModelAccess(principal, alias, ctx.catalog).allowed) continue;
    seen.add(alias);
    data.push({ id: alias, object: "model", created, owned_by: ctx.router.deploymentsOf(group)[0]?.providerPrefix ?? "switchyard" });
  }
  return jsonResponse(200, { object: "list", data });
}
