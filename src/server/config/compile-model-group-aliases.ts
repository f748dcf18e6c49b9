import type { ConfigFile } from "./schema";
import type { Deployment, ModelGroupAlias } from "./types";

/**
 * `router_settings.model_group_alias` checked against the model groups. An alias must name a
 * group without wildcards (the request would otherwise reach a deployment with `*` in its model);
 * an alias that is itself a group is never used, since the group wins, so it is warned about and
 * dropped.
 */
export function compileModelGroupAliases(config: ConfigFile, deployments: readonly Deployment[], problems: string[], warnings: string[]): ModelGroupAlias[] {
  const groups = new Set(deployments.map((deployment) => deployment.modelGroup));
  const entries = Object.entries(config.router_settings?.model_group_alias ?? {});
  const aliases: ModelGroupAlias[] = [];
  for (const [alias, value] of entries) {
    const where = `router_settings.model_group_alias.${alias}`;
    const group = typeof value === "string" ? value : value.model;
    const at = typeof value === "string" ? where : `${where}.model`;
    if (groups.has(alias)) {
      warnings.push(`${where}: "${alias}" is a model group of model_list, which requests reach first; the alias is never used`);
      continue;
    }
    if (!groups.has(group)) {
      problems.push(`${at}: ${whyNotAGroup(group, entries)}`);
      continue;
    }
    if (group.includes("*")) {
      problems.push(`${at}: "${group}" is a wildcard model group; an alias must name a model group without wildcards`);
      continue;
    }
    aliases.push({ alias, group, hidden: typeof value === "object" && value.hidden === true });
  }
  return aliases;
}

function whyNotAGroup(group: string, entries: ReadonlyArray<[string, unknown]>): string {
  const chained = entries.some(([alias]) => alias === group);
  return chained ? `"${group}" is another alias, not a model group; name the model group it stands for (aliases are not followed twice)` : `"${group}" is not a model_name of model_list`;
}
