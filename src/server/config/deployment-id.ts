import { createHash } from "node:crypto";

/** JSON with sorted keys, so the same entry always hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * A deployment id derived from its model group and params as written (env references unresolved,
 * so no secret is hashed and a rotated key keeps the id). Spend and affinity rows depend on it.
 */
export function deriveDeploymentId(modelGroup: string, litellmParams: unknown): string {
  return createHash("sha256")
    .update(canonicalJson({ model_name: modelGroup, litellm_params: litellmParams }))
    .digest("hex")
    .slice(0, 32);
}
