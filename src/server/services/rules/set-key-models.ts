import { setVirtualKeyModels } from "../../gateway/keys/manage-keys";
import { teamKeyActor } from "../keys/team-keys";
import { keyRules, type RulesContext } from "./rules-context";

/** Through key management, so the change and its audit row land together and every gateway serves the new list from the next request on. */
export async function setKeyModels(ctx: RulesContext, input: { id: string; models: string[] }) {
  return keyRules(await setVirtualKeyModels(ctx.gateway, teamKeyActor(ctx), input.id, input.models));
}
