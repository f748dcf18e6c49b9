import type { GatewayContext } from "../../gateway/context";

/** Whose usage: one team's, or the instance's (`teamId: null`, instance admins only: the procedure decides). */
export interface UsageScope {
  gateway: GatewayContext;
  teamId: string | null;
}
