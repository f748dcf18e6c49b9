import { isPattern } from "../../gateway/access/model-pattern";
import { explainModelAccess } from "../../gateway/access/explain-access";
import { knownNamesOf } from "./rule-coverage";
import { teamOrThrow, type RulesContext } from "./rules-context";

export type KeyListWarning = { entry: string; kind: "unknown"; suggestion: string | null } | { entry: string; kind: "blocked_by_team" } | { entry: string; kind: "matches_nothing" };

/**
 * What is likely wrong with a key's allow-list before it is saved: names no deployment, wildcard,
 * access group or cost-map entry knows (with the near match, `gpt4o` -> `gpt-4o`), patterns that
 * match no known name, and names the team's own list already refuses (the key could never use them).
 * Warnings only: the list may still be saved, as LiteLLM allows any name.
 */
export async function checkKeyModels(ctx: RulesContext, input: { models: string[] }): Promise<{ warnings: KeyListWarning[] }> {
  const team = await teamOrThrow(ctx);
  const known = knownNamesOf(ctx.gateway);
  const warnings: KeyListWarning[] = [];
  for (const entry of new Set(input.models)) {
    if (entry === "all-team-models") continue;
    if (isPattern(entry)) {
      if (known.countMatches(entry) === 0 && !ctx.gateway.routes.resolve(entry)) warnings.push({ entry, kind: "matches_nothing" });
      continue;
    }
    const routed = ctx.gateway.routes.resolve(entry) !== undefined;
    if (!known.has(entry) && !routed && !ctx.gateway.catalog.accessGroup(entry)) {
      warnings.push({ entry, kind: "unknown", suggestion: known.closest(entry) ?? null });
      continue;
    }
    const { decision } = await explainModelAccess(ctx.gateway, { kind: "draft", models: [], team }, entry);
    if (!decision.allowed) warnings.push({ entry, kind: "blocked_by_team" });
  }
  return { warnings };
}
