import type { Deployment, ModelGroupAlias } from "../config/types";
import type { ModelCatalog } from "./access/model-access";
import type { CurrentCostMap } from "./cost-maps/active-cost-map";

/**
 * The access policy's view of models: access groups from the config, and the providers a bare
 * name belongs to, from the config for its own groups and otherwise from the **active**
 * cost-map version, read on every call. The
 * memo is tied to the version it was built from, so a new version can never meet stale names.
 */
export function buildModelCatalog(deployments: readonly Deployment[], costMaps: CurrentCostMap, aliases: readonly ModelGroupAlias[] = []): ModelCatalog {
  const aliasTargets = new Map(aliases.map((entry) => [entry.alias, entry.group]));
  const accessGroups = new Map<string, string[]>();
  const configProviders = new Map<string, Set<string>>();
  for (const deployment of deployments) {
    for (const accessGroup of deployment.accessGroups) {
      const members = accessGroups.get(accessGroup) ?? [];
      if (!members.includes(deployment.modelGroup)) members.push(deployment.modelGroup);
      accessGroups.set(accessGroup, members);
    }
    const providers = configProviders.get(deployment.modelGroup) ?? new Set<string>();
    providers.add(deployment.providerPrefix);
    configProviders.set(deployment.modelGroup, providers);
  }

  let memoVersion = -1;
  const memo = new Map<string, readonly string[]>();
  return {
    accessGroup: (name) => accessGroups.get(name),
    aliasTarget: (name) => aliasTargets.get(name),
    groupProviders: (group) => configProviders.get(group),
    namesFor(model) {
      const { versionId, map } = costMaps.current();
      if (versionId !== memoVersion || memo.size > 10_000) {
        memo.clear();
        memoVersion = versionId;
      }
      let names = memo.get(model);
      if (names) return names;
      // A configured group is served by its deployments' providers, so the config alone says
      // whose it is; any other bare name is known by the providers of the active map.
      const providers = model.includes("/") ? [] : [...(configProviders.get(model) ?? map.providersOf(model) ?? [])];
      names = [model, ...providers.map((provider) => `${provider}/${model}`)];
      memo.set(model, names);
      return names;
    },
  };
}
