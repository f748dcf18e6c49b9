import type { ModelCatalog } from "../access/model-access";
import { compileModelPattern, isPattern, type ModelPattern } from "../access/model-pattern";

/** Where a requested model goes: a model group, and for wildcard groups the concrete model. */
export interface RouteTarget {
  group: string;
  /** For `model_name: anthropic/*`: what `*` stood for (`claude-sonnet-4-6`). */
  wildcardMatch?: string;
  /** What each `*` of the pattern stood for, in order, and the name they were matched in. */
  wildcardSegments?: readonly string[];
  matchedName?: string;
}

/**
 * Model name -> model group, for every endpoint. Exact groups first; then a
 * `router_settings.model_group_alias` entry's group; then wildcard groups (`anthropic/*`) matched
 * against every name the model goes by, most specific pattern first, so a bare
 * `claude-sonnet-4-6` reaches `anthropic/*` once the active cost map says it is Anthropic's.
 */
export class ModelRoutes {
  private readonly exact: Set<string>;
  private readonly wildcards: ModelPattern[];

  constructor(
    groups: readonly string[],
    private readonly catalog: ModelCatalog,
  ) {
    this.exact = new Set(groups.filter((group) => !isPattern(group)));
    this.wildcards = groups
      .filter(isPattern)
      .map(compileModelPattern)
      .sort((a, b) => b.literalLength - a.literalLength);
  }

  /** `provider`, when given, limits the answer to model groups served by that provider's deployments. */
  resolve(model: string, provider?: string): RouteTarget | undefined {
    const fits = (group: string) => provider === undefined || this.catalog.groupProviders(group)?.has(provider) === true;
    if (this.exact.has(model)) return fits(model) ? { group: model } : undefined;
    const aliased = this.catalog.aliasTarget(model);
    if (aliased !== undefined) return fits(aliased) ? { group: aliased } : undefined;
    if (this.wildcards.length === 0) return undefined;
    for (const pattern of this.wildcards) {
      if (!fits(pattern.source)) continue;
      for (const name of this.catalog.namesFor(model)) {
        const segments = pattern.captures(name);
        if (segments !== undefined) return { group: pattern.source, wildcardMatch: segments[0] ?? "", wildcardSegments: segments, matchedName: name };
      }
    }
    return undefined;
  }

  wildcardGroups(): readonly ModelPattern[] {
    return this.wildcards;
  }
}
