import { decideModelAccess } from "../access/model-access";
import type { GatewayContext } from "../context";
import { jsonResponse, type GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";

/** A fixed `created` (LiteLLM's): the same on every instance and restart, so lists compare equal. */
const created = 1677610602;

/** `GET /v1/models`: the model groups this caller may use, in OpenAI's list shape. */
export function listModels(ctx: GatewayContext, principal: Principal): GatewayResponse {
  const data = ctx.router
    .modelGroups()
    .filter((group) => decideModelAccess(principal, group, ctx.catalog).allowed)
    .map((id) => ({ id, object: "model", created, owned_by: ctx.router.deploymentsOf(id)[0]?.providerPrefix ?? "switchyard" }));
  return jsonResponse(200, { object: "list", data });
}
