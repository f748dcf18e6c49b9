import { requestDefaultKeys } from "./schema";

// What LiteLLM's loader makes of values a strict schema would refuse, applied to a copy of the
// file before it is checked: each is LiteLLM's own reading, or a warning by YAML path.

const sections = ["model_list", "credential_list", "general_settings", "litellm_settings", "router_settings", "environment_variables"] as const;
const numericDefaults = new Set<string>(requestDefaultKeys.filter((key) => key !== "stop"));

/**
 * - A section written with nothing under it (`general_settings:`) is null in YAML; LiteLLM's
 *   proxy reads it as empty (`if general_settings is None: general_settings = {}`).
 * - A key written with no value (`api_key:`) is null; LiteLLM's params are pydantic Optionals,
 *   for which null is unset, so the key's fallback (an environment variable) applies.
 * - A generation default that is not a number (`temperature: <your-temp>`, a docs placeholder)
 *   loads in LiteLLM, which has no such field, and is sent as written for the provider to
 *   refuse; here it is not sent, with a warning.
 */
export function readAsLitellm(resolved: unknown, warnings: string[]): unknown {
  if (resolved === null || typeof resolved !== "object" || Array.isArray(resolved)) return resolved;
  const root: Record<string, unknown> = { ...(resolved as Record<string, unknown>) };
  for (const section of sections) if (root[section] === null) delete root[section];
  if (Array.isArray(root.model_list)) {
    root.model_list = root.model_list.map((entry: unknown, index) => {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return entry;
      const fields = { ...(entry as Record<string, unknown>) };
      fields.litellm_params = withLitellmParamsMoved(fields, withoutNulls(fields.litellm_params));
      // model_info with nothing under it: LiteLLM's Deployment takes None as an empty ModelInfo.
      if (fields.model_info === null) delete fields.model_info;
      else fields.model_info = withoutNulls(fields.model_info);
      dropUnusableDefaults(fields.litellm_params, `model_list[${index}].litellm_params`, warnings);
      return fields;
    });
  }
  if (Array.isArray(root.credential_list)) {
    root.credential_list = root.credential_list.map((entry: unknown) =>
      entry !== null && typeof entry === "object" && !Array.isArray(entry) ? { ...entry, credential_values: withoutNulls((entry as Record<string, unknown>).credential_values) } : entry,
    );
  }
  return root;
}

/**
 * LiteLLM's Router takes an entry's own `rpm`/`tpm` (beside litellm_params) into litellm_params when
 * those have none, and puts `custom_llm_provider` before a model that does not start with it.
 */
function withLitellmParamsMoved(entry: Record<string, unknown>, params: unknown): unknown {
  if (params === null || typeof params !== "object" || Array.isArray(params)) return params;
  const moved = { ...(params as Record<string, unknown>) };
  for (const key of ["rpm", "tpm"]) if (moved[key] === undefined && entry[key] !== undefined && entry[key] !== null) moved[key] = entry[key];
  const provider = moved.custom_llm_provider;
  if (typeof provider === "string" && provider !== "" && typeof moved.model === "string" && moved.model.split("/")[0] !== provider) moved.model = `${provider}/${moved.model}`;
  return moved;
}

function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

function dropUnusableDefaults(params: unknown, where: string, warnings: string[]): void {
  if (params === null || typeof params !== "object" || Array.isArray(params)) return;
  const fields = params as Record<string, unknown>;
  for (const key of numericDefaults) {
    const value = fields[key];
    if (typeof value !== "string" || (value.trim() !== "" && Number.isFinite(Number(value)))) continue;
    warnings.push(
      `${where}.${key}: ${JSON.stringify(value)} is not a number, so it is not sent (LiteLLM sends it as written and the provider refuses the request); write a number or remove it`,
    );
    delete fields[key];
  }
}
