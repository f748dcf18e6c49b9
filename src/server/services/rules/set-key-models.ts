import { audit } from "../../gateway/record-audit";
import { changeableTeamKeyOrThrow, keyRules, type RulesContext } from "./rules-context";

/** Through the key store, so the gateway's cache serves the new list from the next request on. */
export async function setKeyModels(ctx: RulesContext, input: { id: string; models: string[] }) {
  const before = await changeableTeamKeyOrThrow(ctx, input.id);
  const key = (await ctx.gateway.keys.updateKey(before.token, { models: input.models }))!;
  await audit(ctx.gateway, {
    actor: ctx.actor,
    teamId: ctx.teamId,
    action: "rule.key_models_updated",
    targetType: "key",
    targetId: key.keyName,
    details: { alias: key.keyAlias, old: before.models, new: key.models },
  });
  return keyRules(key);
}
