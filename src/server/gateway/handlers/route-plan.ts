import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import type { Principal } from "../keys/principal";
import type { JsonObject } from "../providers/types";
import type { RouteTarget } from "../routing/model-routes";
import type { Lease } from "../routing/router";

/**
 * Sees an OpenAI-shaped answer before the client does: a whole JSON body, or each stream payload.
 * A returned promise holds the answer (or that payload) back until it settles.
 */
export interface AnswerObserver {
  json?(body: unknown): void | Promise<void>;
  payload?(data: string): void | Promise<void>;
  /** The stream ended (for any reason); write whatever is still held. */
  end?(): void | Promise<void>;
}

/**
 * How one request is routed: the body to send, how deployments are chosen (by default the
 * router with load balancing and retries), extra response headers, and who watches the answer.
 */
export interface RoutePlan {
  body: JsonObject;
  headers?: Record<string, string>;
  run<T>(attempt: (lease: Lease) => Promise<T>): Promise<T>;
  observe?(deployment: Deployment): AnswerObserver;
}

export type PlanRoute = (ctx: GatewayContext, body: JsonObject, target: RouteTarget, principal: Principal) => RoutePlan | Promise<RoutePlan>;

export const loadBalanced: PlanRoute = (ctx, body, target) => ({
  body,
  run: (attempt) => ctx.router.run(target.group, attempt),
});
