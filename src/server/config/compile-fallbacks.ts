import type { ConfigFile } from "./schema";
import type { Deployment, FallbackRules, ModelGroupAlias } from "./types";

type FallbackList = NonNullable<NonNullable<ConfigFile["router_settings"]>["fallbacks"]>;
const lists = ["fallbacks", "context_window_fallbacks", "content_policy_fallbacks"] as const;

/**
 * LiteLLM's `fallbacks`, `context_window_fallbacks`, `content_policy_fallbacks` and
 * `default_fallbacks`, from router_settings or (as LiteLLM's Router also reads them)
 * litellm_settings. A key that is no model group is refused; a fallback naming no model this
 * gateway serves is warned about (LiteLLM fails such a fallback only when it is tried).
 */
export function compileFallbacks(
  config: ConfigFile,
  deployments: readonly Deployment[],
  aliases: readonly ModelGroupAlias[],
  problems: string[],
  warnings: string[],
): FallbackRules | undefined {
  const groups = new Set(deployments.map((deployment) => deployment.modelGroup));
  const served = new Set([...groups, ...aliases.map((alias) => alias.alias)]);
  const hasWildcards = [...groups].some((group) => group.includes("*"));
  const checkNames = (names: readonly string[], where: string) =>
    names.forEach((name, index) => {
      if (!served.has(name) && !hasWildcards) warnings.push(`${where}[${index}]: "${name}" is no model_name or alias of this config; that fallback is skipped`);
    });

  const sectionOf = (list: (typeof lists)[number]) =>
    config.router_settings?.[list] !== undefined ? "router_settings" : config.litellm_settings?.[list] !== undefined ? "litellm_settings" : undefined;
  const compile = (list: (typeof lists)[number]) => {
    const section = sectionOf(list);
    const entries: FallbackList = (section === "router_settings" ? config.router_settings?.[list] : config.litellm_settings?.[list]) ?? [];
    const out = new Map<string, readonly string[]>();
    entries.forEach((entry, index) => {
      for (const [group, names] of Object.entries(entry)) {
        const where = `${section}.${list}[${index}].${group}`;
        if (group !== "*" && !served.has(group)) {
          problems.push(`${where}: "${group}" is not a model_name or alias of model_list`);
          continue;
        }
        checkNames(names, where);
        out.set(group, names);
      }
    });
    return out;
  };

  const [general, contextWindow, contentPolicy] = lists.map(compile);
  const defaultsSection = config.router_settings?.default_fallbacks !== undefined ? "router_settings" : "litellm_settings";
  const defaults = config.router_settings?.default_fallbacks ?? config.litellm_settings?.default_fallbacks ?? general.get("*") ?? [];
  checkNames(config.router_settings?.default_fallbacks ?? config.litellm_settings?.default_fallbacks ?? [], `${defaultsSection}.default_fallbacks`);
  general.delete("*");
  if (general.size === 0 && contextWindow.size === 0 && contentPolicy.size === 0 && defaults.length === 0) return undefined;
  return { general, contextWindow, contentPolicy, defaults };
}
