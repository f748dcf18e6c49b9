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

  /**
   * The known name a mistyped one most likely meant: the same letters and digits (`gpt4o` ->
   * `gpt-4o`), else within two edits of it; undefined when nothing is that close.
   */
  closest(name: string): string | undefined {
    const squeeze = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
    const wanted = squeeze(name);
    let best: { name: string; distance: number } | undefined;
    for (const candidate of this.sorted) {
      if (Math.abs(candidate.length - name.length) > 2 && squeeze(candidate) !== wanted) continue;
      const distance = squeeze(candidate) === wanted ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase(), 2);
      // Shorter names first among equals: `gpt-4o` over `openai/gpt-4o`.
      if (distance <= 2 && (!best || distance < best.distance || (distance === best.distance && candidate.length < best.name.length))) best = { name: candidate, distance };
    }
    return best?.name;
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

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowBest = Math.min(rowBest, current[j]);
    }
    if (rowBest > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

export function knownNamesOf(gateway: GatewayContext): KnownNames {
  return new KnownNames(
    gateway.config.deployments.map((deployment) => deployment.modelGroup),
    gateway.costMaps.active.current().map,
  );
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
  const { versionId } = ctx.gateway.costMaps.active.current();
  const known = knownNamesOf(ctx.gateway);
  const entries = [...new Set(lists.flat())].map((entry) => ({ entry, ...coverageOf(entry, known, ctx.gateway) }));
  return { entries, knownNames: known.size, costMapVersion: versionId };
}
