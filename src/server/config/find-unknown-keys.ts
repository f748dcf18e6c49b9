import { knownKeys } from "./schema";

export interface UnknownKey {
  /** The key's YAML path, as formatYamlPath writes it. */
  path: string;
  warning: string;
}

/** Keys Switchyard does not read, each with its warning: LiteLLM files carry many and must still load. */
export function findUnknownKeys(raw: unknown): UnknownKey[] {
  const found: UnknownKey[] = [];
  const check = (node: unknown, shape: string, where: string) => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return;
    const known = knownKeys[shape] ?? [];
    for (const key of Object.keys(node)) {
      const path = where === "" ? key : `${where}.${key}`;
      if (!known.includes(key)) found.push({ path, warning: `${path}: not used by Switchyard, ignored` });
    }
  };
  check(raw, "", "");
  const root = (raw ?? {}) as Record<string, unknown>;
  check(root.router_settings, "router_settings", "router_settings");
  check(root.general_settings, "general_settings", "general_settings");
  check(root.litellm_settings, "litellm_settings", "litellm_settings");
  const aliases = (root.router_settings as Record<string, unknown> | null | undefined)?.model_group_alias;
  if (aliases !== null && typeof aliases === "object") {
    for (const [alias, value] of Object.entries(aliases)) check(value, "router_settings.model_group_alias.*", `router_settings.model_group_alias.${alias}`);
  }
  if (Array.isArray(root.model_list)) {
    root.model_list.forEach((entry: unknown, index) => {
      const where = `model_list[${index}]`;
      check(entry, "model_list[]", where);
      const fields = (entry ?? {}) as Record<string, unknown>;
      check(fields.litellm_params, "model_list[].litellm_params", `${where}.litellm_params`);
      check(fields.model_info, "model_list[].model_info", `${where}.model_info`);
    });
  }
  if (Array.isArray(root.credential_list)) {
    root.credential_list.forEach((entry: unknown, index) => {
      const where = `credential_list[${index}]`;
      check(entry, "credential_list[]", where);
      check(((entry ?? {}) as Record<string, unknown>).credential_values, "credential_list[].credential_values", `${where}.credential_values`);
    });
  }
  return found;
}
