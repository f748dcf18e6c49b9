import type { Deployment } from "../config/types";
import type { ModelCatalog } from "./access/model-access";

/** Access groups -> model groups, compiled once from the config. */
export function buildModelCatalog(deployments: readonly Deployment[]): ModelCatalog {
  const groups = new Map<string, string[]>();
  for (const deployment of deployments) {
    for (const accessGroup of deployment.accessGroups) {
      const members = groups.get(accessGroup) ?? [];
      if (!members.includes(deployment.modelGroup)) members.push(deployment.modelGroup);
      groups.set(accessGroup, members);
    }
  }
  return { accessGroup: (name) => groups.get(name) };
}
