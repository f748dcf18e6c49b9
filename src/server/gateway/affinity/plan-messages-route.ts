import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import { loadBalanced, type PlanRoute, type RoutePlan } from "../handlers/route-plan";
import { credentialHashOf } from "./credential-hash";
import { resolveThinkingAffinity } from "./resolve-thinking-affinity";
import { recordThinkingAffinity } from "./thinking-recorder";
import { asksForThinking, thinkingFingerprintsOfRequest } from "./thinking-refs";

/**
 * Messages API routing: a follow-up whose assistant turns carry signed thinking goes to a
 * deployment with the credentials that signed it (another account answers 400 "Invalid
 * signature"), never retried elsewhere; anything else is load balanced. Answers to requests with
 * thinking on are watched for signatures, for the next turn.
 */
export const planMessagesRoute: PlanRoute = async (ctx, body, target, principal, request) => {
  const { affinity } = ctx;
  if (!affinity.settings.enabled) return loadBalanced(ctx, body, target, principal, request);
  const fingerprints = thinkingFingerprintsOfRequest(body);
  const observe =
    fingerprints.length > 0 || asksForThinking(body) ? (deployment: Deployment) => recordThinkingAffinity(affinity.store, affinity.settings, deployment, principal, ctx.now) : undefined;
  // Most requests neither carry nor ask for thinking: the plain plan, not a copy of it.
  if (fingerprints.length === 0) return observe ? { ...loadBalanced(ctx, body, target, principal, request), observe } : loadBalanced(ctx, body, target, principal, request);

  const resolved = resolveThinkingAffinity(await affinity.store.find(fingerprints, ctx.now()), principal);
  if (resolved.kind === "none") return { ...loadBalanced(ctx, body, target, principal, request), observe };

  const matches = (deployment: Deployment) => credentialHashOf(deployment) === resolved.credentialHash;
  if (ctx.router.availability(target.group, matches) === "none") {
    throw new GatewayError(
      "conflict",
      `This conversation's thinking blocks were signed by a provider account that no deployment of model group "${target.group}" has any more, so no deployment can verify them. Start a new conversation, or restore a deployment with that account.`,
    );
  }
  const plan: RoutePlan = {
    body,
    headers: { "x-switchyard-affinity": "thinking_signature" },
    run: (attempt) => ctx.router.runPinned(target.group, matches, resolved.deploymentId, attempt),
    observe,
  };
  return plan;
};
