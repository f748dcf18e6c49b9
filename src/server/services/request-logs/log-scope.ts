import type { GatewayContext } from "../../gateway/context";

/** Whose request logs: one team's, or every team's (`teamId: null`, instance admins only: the procedure decides). */
export interface LogScope {
  gateway: GatewayContext;
  teamId: string | null;
}
