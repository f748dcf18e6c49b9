import { createHash } from "node:crypto";
import type { Deployment } from "../../config/types";

const cache = new WeakMap<Deployment, string>();

/**
 * The encryption boundary of a deployment: its endpoint and credentials. Reasoning blobs and
 * stored responses belong to the organisation behind these, not to a deployment id, so any
 * deployment with the same hash can serve a follow-up. Hashed so no key is ever stored.
 */
export function credentialHashOf(deployment: Deployment): string {
  let hash = cache.get(deployment);
  if (!hash) {
    hash = createHash("sha256")
      .update([deployment.apiBase, deployment.apiKey ?? "", deployment.organization ?? ""].join("\n"))
      .digest("hex")
      .slice(0, 32);
    cache.set(deployment, hash);
  }
  return hash;
}
