import type { Principal } from "../keys/principal";

/** What the access policy needs to know about configured models. */
export interface ModelCatalog {
  /** Model groups in an access group (`model_info.access_groups`). */
  accessGroup(name: string): readonly string[] | undefined;
}

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; deniedBy: "key" | "team"; allowedModels: readonly string[] };

/** LiteLLM's spelling for "whatever the team may use". */
const allTeamModels = "all-team-models";

function listAllows(list: readonly string[], model: string, catalog: ModelCatalog): boolean {
  for (const entry of list) {
    if (entry === "*" || entry === model) return true;
    if (catalog.accessGroup(entry)?.includes(model)) return true;
  }
  return false;
}

function isUnrestricted(list: readonly string[]): boolean {
  return list.length === 0 || list.includes(allTeamModels);
}

/**
 * The one policy for "may this caller use this model": inference, /v1/models and every other
 * check call this, so they cannot disagree. A key's access is at most its team's; an empty key
 * list (or `all-team-models`) means "as the team".
 */
export function decideModelAccess(principal: Principal, model: string, catalog: ModelCatalog): AccessDecision {
  if (principal.kind === "master") return { allowed: true };
  const team = principal.team;
  if (team && !isUnrestricted(team.models) && !listAllows(team.models, model, catalog)) {
    return { allowed: false, deniedBy: "team", allowedModels: team.models };
  }
  const keyModels = principal.key.models;
  if (!isUnrestricted(keyModels) && !listAllows(keyModels, model, catalog)) {
    return { allowed: false, deniedBy: "key", allowedModels: keyModels };
  }
  return { allowed: true };
}

/** True when the caller is limited to a list; such callers learn nothing about models outside it. */
export function isRestricted(principal: Principal): boolean {
  if (principal.kind === "master") return false;
  return !isUnrestricted(principal.key.models) || (principal.team !== undefined && !isUnrestricted(principal.team.models));
}
