import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import { loadBalanced, type PlanRoute, type RoutePlan } from "../handlers/route-plan";
import type { JsonObject } from "../providers/types";
import { recordAffinity } from "./affinity-recorder";
import { credentialHashOf } from "./credential-hash";
import { hasRefs, refsOfRequest } from "./refs";
import { resolveAffinity } from "./resolve-affinity";

/** Encrypted reasoning, and references to stored items: only the lost organisation can read them. */
function isUnreadableElsewhere(item: unknown): boolean {
  if (typeof item !== "object" || item === null) return false;
  const { encrypted_content: encrypted, type } = item as JsonObject;
  return typeof encrypted === "string" || type === "item_reference";
}

/**
 * The opt-in escape hatch: without the encrypted reasoning, item references and ids that only
 * the lost organisation can read, the conversation can continue elsewhere, at the cost of the
 * model no longer seeing its earlier reasoning.
 */
function withoutUnreadableItems(body: JsonObject): JsonObject {
  if (!Array.isArray(body.input)) return body;
  const input = body.input
    .filter((item) => !isUnreadableElsewhere(item))
    .map((item) => {
      if (typeof item !== "object" || item === null || !("id" in item)) return item;
      const { id: _bound, ...rest } = item as JsonObject;
      return rest;
    });
  return { ...body, input };
}

/**
 * Responses API routing: a follow-up that carries `previous_response_id`, item ids or encrypted
 * reasoning goes to a deployment with the credentials that created them; anything else is load
 * balanced as usual. Either way, the answer's ids are recorded for the next turn.
 */
export const planResponsesRoute: PlanRoute = async (ctx, body, target, principal, request) => {
  const { affinity } = ctx;
  if (!affinity.settings.enabled) return loadBalanced(ctx, body, target, principal, request);
  const observe = (deployment: Deployment) => recordAffinity(affinity.store, affinity.settings, deployment, principal, ctx.now);

  const refs = refsOfRequest(body);
  if (!hasRefs(refs)) return { ...loadBalanced(ctx, body, target, principal, request), observe };
  const lookup = [...(refs.previousResponseId ? [refs.previousResponseId] : []), ...refs.itemIds, ...refs.fingerprints];
  const resolved = resolveAffinity(refs, await affinity.store.find(lookup, ctx.now()), principal);
  if (resolved.kind === "none") return { ...loadBalanced(ctx, body, target, principal, request), observe };

  const matches = (deployment: Deployment) => credentialHashOf(deployment) === resolved.credentialHash;
  const availability = ctx.router.availability(target.group, matches);
  const canDrop = affinity.settings.dropUnreadableReasoning && refs.previousResponseId === undefined;
  if (availability !== "available" && canDrop) {
    const plan = loadBalanced(ctx, withoutUnreadableItems(body), target, principal, request);
    return { ...plan, observe, headers: { "x-switchyard-affinity": "dropped" } };
  }
  if (availability === "none") {
    throw new GatewayError(
      "conflict",
      `This conversation is bound to provider credentials that no deployment of model group "${target.group}" has any more, so its previous response and encrypted reasoning cannot be read. Start a new conversation, or restore a deployment with those credentials.`,
    );
  }
  const plan: RoutePlan = {
    body,
    headers: { "x-switchyard-affinity": resolved.source },
    run: (attempt) => ctx.router.runPinned(target.group, matches, resolved.deploymentId, attempt),
    observe,
  };
  return plan;
};
