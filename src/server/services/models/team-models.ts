import { decideListAccess } from "../../gateway/access/model-access";
import type { GatewayContext } from "../../gateway/context";
import { ServiceError } from "../service-error";

/** The model groups a team's keys may reach, by the one access policy (access groups and patterns included). */
export async function teamModels(gateway: GatewayContext, teamId: string) {
  const team = await gateway.keys.findTeam(teamId);
  if (!team) throw new ServiceError("not_found", "No such team");
  const groups = gateway.router.modelGroups();
  const allowed = groups.filter((group) => decideListAccess({ key: [], team: team.models }, group, gateway.catalog).allowed);
  return { teamModels: team.models, unrestricted: allowed.length === groups.length && team.models.length === 0, allowed: allowed.sort() };
}
