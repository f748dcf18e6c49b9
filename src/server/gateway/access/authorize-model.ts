import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { decideModelAccess, isRestricted, providerAllowedAs, type ModelCatalog } from "./model-access";

function formatList(models: readonly string[]): string {
  return `[${models.map((model) => `'${model}'`).join(", ")}]`;
}

/**
 * Returns where the model goes, or throws unless the caller may use `model` and it exists. A
 * restricted caller gets 403 for anything outside its list, known or not, so the answer never
 * reveals which models exist. When a pattern let the model through under a provider-qualified
 * name (`vertex_ai/*` matching `vertex_ai/claude-sonnet-4-6`), that name is routed first, so
 * the request goes where the rule that allowed it points; if that name is no route of its own,
 * the model's own route is taken only among that provider's deployments (`resolve`'s second
 * argument), so a key allowed `vertex_ai/*` never reaches a Gemini API deployment.
 */
export function authorizeModel<T>(principal: Principal, model: string, catalog: ModelCatalog, resolve: (name: string, provider?: string) => T | undefined): T {
  const decision = decideModelAccess(principal, model, catalog);
  if (!decision.allowed) {
    const who = decision.deniedBy === "key" ? "key" : "team";
    throw new GatewayError("model_not_allowed", `${who} not allowed to access model. This ${who} can only access models=${formatList(decision.allowedModels)}. Tried to access ${model}.`, {
      param: "model",
    });
  }
  const allowedAs = decision.rules.at(-1)?.matchedName;
  const target = (allowedAs !== undefined ? resolve(allowedAs) : undefined) ?? resolve(model, providerAllowedAs(model, allowedAs));
  if (target === undefined) {
    const hint = isRestricted(principal) ? "" : " Call GET /v1/models for the models you can use.";
    throw new GatewayError("model_not_found", `The model '${model}' does not exist.${hint}`, { param: "model" });
  }
  return target;
}
