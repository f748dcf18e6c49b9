import type { TeamRow, VirtualKeyRow } from "../../db/schema";
import type { GatewayContext } from "../../gateway/context";
import { ServiceError } from "../service-error";

/** A rules service runs for one team, already authorised, on behalf of one person. */
export interface RulesContext {
  gateway: GatewayContext;
  teamId: string;
  actor: string;
  /** An instance admin may change every key; team admins and owners only `user` keys. */
  instanceAdmin: boolean;
}

export async function teamOrThrow(ctx: RulesContext): Promise<TeamRow> {
  const team = await ctx.gateway.keys.findTeam(ctx.teamId);
  if (!team) throw new ServiceError("not_found", "No such team");
  return team;
}

/** A key of this team, or not found: ids from another team are simply not there. */
export async function teamKeyOrThrow(ctx: RulesContext, id: string): Promise<VirtualKeyRow> {
  const key = await ctx.gateway.keys.findKey(id);
  if (!key || key.teamId !== ctx.teamId) throw new ServiceError("not_found", "No such key in this team");
  return key;
}

/** What the rules page shows of a key: never the key, and the hash only as an opaque id. */
export function keyRules(key: VirtualKeyRow) {
  return { id: key.token, alias: key.keyAlias, preview: key.keyName, models: key.models };
}
