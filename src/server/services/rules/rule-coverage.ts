import { compileModelPattern, isPattern } from "../../gateway/access/model-pattern";
import type { CostMap } from "../../gateway/pricing/cost-map";
import type { GatewayContext } from "../../gateway/context";
import { teamOrThrow, type RulesContext } from "./rules-context";

export type EntryKind = "exact" | "pattern" | "access_group" | "all";

/**
 * Every name a known model goes by: the config's model groups, and each name in a cost map, its
 * bare name, and `provider/name` for every provider offering that bare name (the names the
 * policy's `namesFor` matches patterns against). Kept sorted, so a pattern's literal prefix
 * (`anthropic/` of `anthropic/*`) narrows its scan to one slice.
 */
export class KnownNames {
  private readonly names = new Set<string>();
  private readonly sorted: string[];

  constructor(modelGroups: Iterable<string>, map: CostMap) {
    for (const group of modelGroups) if (!isPattern(group)) this.names.add(group);
    for (const name of map.modelNames()) {
      const bare = name.slice(name.indexOf("/") + 1);
      this.names.add(name).add(bare);
      for (const provider of map.providersOf(bare) ?? []) this.names.add(`${provider}/${bare}`);
    }
    this.sorted = [...this.names].sort();
  }

  get size(): number {
    return this.sorted.length;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** How many known names a pattern matches. */
  countMatches(source: string): number {
    const pattern = compileModelPattern(source);
    const prefix = source.slice(0, source.indexOf("*"));
    let count = 0;
    for (let index = this.lowerBound(prefix); index < this.sorted.length && this.sorted[index].startsWith(prefix); index += 1) {
      if (pattern.capture(this.sorted[index]) !== undefined) count += 1;
    }
    return count;
  }

  private lowerBound(prefix: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.sorted[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function coverageOf(entry: string, known: KnownNames, gateway: GatewayContext): { kind: EntryKind; count: number } {
  if (entry === "all-team-models") return { kind: "all", count: known.size };
  if (isPattern(entry)) return { kind: "pattern", count: known.countMatches(entry) };
  const group = gateway.catalog.accessGroup(entry);
  if (group && !known.has(entry)) return { kind: "access_group", count: group.length };
  return { kind: "exact", count: known.has(entry) ? 1 : 0 };
}

/** For each distinct entry of the team's and its keys' lists, how many known names it covers. */
export async function ruleCoverage(ctx: RulesContext) {
  const lists = [(await teamOrThrow(ctx)).models, ...(await ctx.gateway.keys.keysOfTeam(ctx.teamId)).map((key) => key.models)];
  const { versionId, map } = ctx.gateway.costMaps.active.current();
  const known = new KnownNames(
    ctx.gateway.config.deployments.map((deployment) => deployment.modelGroup),
    map,
  );
  const entries = [...new Set(lists.flat())].map((entry) => ({ entry, ...coverageOf(entry, known, ctx.gateway) }));
  return { entries, knownNames: known.size, costMapVersion: versionId };
}
