import type { Principal } from "../keys/principal";
import { compileModelPattern, isPattern } from "./model-pattern";

/** What the access policy needs to know about models: the config's and the active cost map's. */
export interface ModelCatalog {
  /** Model groups in an access group (`model_info.access_groups`). */
  accessGroup(name: string): readonly string[] | undefined;
  /**
   * The names a requested model goes by, for matching patterns: itself, and for a bare name
   * `provider/name` for each provider the config or the active cost map knows it under.
   */
  namesFor(model: string): readonly string[];
  /** The model group a `router_settings.model_group_alias` entry points `name` at, if it is one. */
  aliasTarget(name: string): string | undefined;
  /** The provider prefixes of a model group's deployments (`vertex_ai`, `gemini`, ...), from the config. */
  groupProviders(group: string): ReadonlySet<string> | undefined;
}

/**
 * The provider a pattern allowed a bare model under: `vertex_ai` when `vertex_ai/*` let
 * `gemini-2.5-flash` through as `vertex_ai/gemini-2.5-flash`. The request must then reach that
 * provider's deployments, never another's that offers the same name.
 */
export function providerAllowedAs(model: string, allowedAs: string | undefined): string | undefined {
  if (allowedAs === undefined || allowedAs === model || !allowedAs.endsWith(`/${model}`)) return undefined;
  return allowedAs.slice(0, -(model.length + 1));
}

/** Which list entry let the model through, and how, for the rule tester. */
export interface AccessRule {
  level: "key" | "team";
  entry: string;
  via: "exact" | "access_group" | "pattern";
  /** For patterns: the name that matched (`anthropic/claude-sonnet-4-6` for `claude-sonnet-4-6`). */
  matchedName?: string;
  /** Set when the entry allowed the model group an alias names, not the alias's own name. */
  aliasGroup?: string;
}

export type AccessDecision = { allowed: true; rules: AccessRule[] } | { allowed: false; deniedBy: "key" | "team"; allowedModels: readonly string[]; names: readonly string[] };

/** LiteLLM's spelling for "whatever the team may use". */
const allTeamModels = "all-team-models";

function ruleAllowing(list: readonly string[], level: AccessRule["level"], model: string, catalog: ModelCatalog): AccessRule | undefined {
  for (const entry of list) {
    if (entry === model) return { level, entry, via: "exact" };
    if (isPattern(entry)) {
      const pattern = compileModelPattern(entry);
      const matchedName = catalog.namesFor(model).find((name) => pattern.capture(name) !== undefined);
      if (matchedName !== undefined) return { level, entry, via: "pattern", matchedName };
    } else if (catalog.accessGroup(entry)?.includes(model)) {
      return { level, entry, via: "access_group" };
    }
  }
  return undefined;
}

/**
 * LiteLLM's rule for `model_group_alias`: a list lets an alias through when it allows the alias's
 * own name or the model group the alias names.
 */
function ruleAllowingModelOrItsGroup(list: readonly string[], level: AccessRule["level"], model: string, catalog: ModelCatalog): AccessRule | undefined {
  const rule = ruleAllowing(list, level, model, catalog);
  if (rule) return rule;
  const group = catalog.aliasTarget(model);
  const groupRule = group === undefined ? undefined : ruleAllowing(list, level, group, catalog);
  return groupRule && { ...groupRule, aliasGroup: group };
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
  if (principal.kind === "master") return { allowed: true, rules: [] };
  return decideListAccess({ key: principal.key.models, team: principal.team?.models }, model, catalog);
}

/** The allow-lists that decide: the key's and its team's (absent: no team). */
export interface AccessLists {
  key: readonly string[];
  team?: readonly string[];
}

/** The policy on bare lists, for the rule tester's "what if the key had these models". */
export function decideListAccess(lists: AccessLists, model: string, catalog: ModelCatalog): AccessDecision {
  const rules: AccessRule[] = [];
  if (lists.team && !isUnrestricted(lists.team)) {
    const rule = ruleAllowingModelOrItsGroup(lists.team, "team", model, catalog);
    if (!rule) return { allowed: false, deniedBy: "team", allowedModels: lists.team, names: catalog.namesFor(model) };
    rules.push(rule);
  }
  if (!isUnrestricted(lists.key)) {
    const rule = ruleAllowingModelOrItsGroup(lists.key, "key", model, catalog);
    if (!rule) return { allowed: false, deniedBy: "key", allowedModels: lists.key, names: catalog.namesFor(model) };
    rules.push(rule);
  }
  return { allowed: true, rules };
}

/** True when the caller is limited to a list; such callers learn nothing about models outside it. */
export function isRestricted(principal: Principal): boolean {
  if (principal.kind === "master") return false;
  return !isUnrestricted(principal.key.models) || (principal.team !== undefined && !isUnrestricted(principal.team.models));
}
