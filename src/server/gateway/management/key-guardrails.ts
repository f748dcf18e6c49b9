import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import type { KeyAuthority } from "../keys/key-authority";

interface GuardrailFields {
  metadata?: Record<string, unknown>;
  guardrails?: string[];
  disable_global_guardrails?: boolean;
}

/**
 * The metadata a key (or team) is to have, with LiteLLM's `guardrails` and `disable_global_guardrails`
 * fields kept where LiteLLM keeps them (in `metadata`). Every name must be configured; and only
 * the master key may switch the config's default_on guardrails off for a key or team (LiteLLM: proxy
 * admins only), however it is sent (the field, or inside `metadata`). Undefined: left as it is.
 */
export function guardrailMetadataOf(
  ctx: GatewayContext,
  authority: KeyAuthority,
  fields: GuardrailFields,
  current: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (fields.metadata === undefined && fields.guardrails === undefined && fields.disable_global_guardrails === undefined) return undefined;
  const metadata: Record<string, unknown> = { ...(fields.metadata ?? current ?? {}) };
  if (fields.guardrails !== undefined) metadata.guardrails = fields.guardrails;
  if (fields.disable_global_guardrails !== undefined) metadata.disable_global_guardrails = fields.disable_global_guardrails;

  const names = metadata.guardrails;
  if (names !== undefined) {
    if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) {
      throw new GatewayError("invalid_request", "'guardrails' must be a list of guardrail names", { param: "guardrails" });
    }
    const unknown = ctx.guardrails.unknown(names);
    if (unknown.length > 0) {
      throw new GatewayError("invalid_request", `'guardrails': no guardrail ${unknown.map((name) => `"${name}"`).join(", ")} ${unknown.length > 1 ? "are" : "is"} configured`, {
        param: "guardrails",
      });
    }
  }
  const disabled = metadata.disable_global_guardrails;
  if (disabled !== undefined && typeof disabled !== "boolean") {
    throw new GatewayError("invalid_request", "'disable_global_guardrails' must be true or false", { param: "disable_global_guardrails" });
  }
  if (disabled === true && current?.disable_global_guardrails !== true && authority !== "instance") {
    throw new GatewayError("admin_required", "Only the master key may set disable_global_guardrails on a key or team", { param: "disable_global_guardrails" });
  }
  return metadata;
}
