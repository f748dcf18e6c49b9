import type { GatewayContext } from "../../gateway/context";

// The cost-map domain reports refusals as GatewayError (a refused map is a 422); the dashboard's
// one error mapping (api/to-trpc-error.ts) names them for tRPC.

export interface CostMapServiceContext {
  gateway: GatewayContext;
  /** Who acts, for `createdBy` and the audit log. */
  actor: string;
}
