import { explainModelAccess, type AccessSubject } from "../../gateway/access/explain-access";
import { teamKeyOrThrow, teamOrThrow, type RulesContext } from "./rules-context";

/** A stored key of this team, a draft key list under the team's list, or (neither) the team's list alone. */
export interface AccessTestInput {
  model: string;
  keyId?: string;
  models?: string[];
}

/** The rule tester: the gateway's own policy, with the rule that decided, the names and the route. */
export async function testModelAccess(ctx: RulesContext, input: AccessTestInput) {
  const subject: AccessSubject =
    input.keyId !== undefined ? { kind: "key", key: await teamKeyOrThrow(ctx, input.keyId) } : { kind: "draft", models: input.models ?? [], team: await teamOrThrow(ctx) };
  const { decision, names, route, costMapVersion } = await explainModelAccess(ctx.gateway, subject, input.model);
  return {
    model: input.model,
    allowed: decision.allowed,
    rules: decision.allowed
      ? decision.rules.map((rule) => ({ level: rule.level, entry: rule.entry, via: rule.via, matchedName: rule.matchedName ?? null, aliasGroup: rule.aliasGroup ?? null }))
      : [],
    refusal: decision.allowed ? null : { level: decision.deniedBy, list: [...decision.allowedModels] },
    names: [...names],
    route: route ?? null,
    costMapVersion,
  };
}
