import type { AffinityRow } from "../../db/schema";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { ownedBy } from "./resolve-affinity";

export type ThinkingAffinity = { kind: "none" } | { kind: "pinned"; credentialHash: string; deploymentId: string };

/**
 * Where a follow-up with signed thinking must go: the one set of credentials that signed every
 * known block. Another team's records are invisible (as for Responses ids); unknown signatures
 * (older than the records, or from another gateway) bind nothing. Blocks signed under two sets of
 * credentials cannot be verified anywhere: a 400.
 */
export function resolveThinkingAffinity(found: readonly AffinityRow[], principal: Principal): ThinkingAffinity {
  const visible = found.filter((row) => row.kind === "thinking_signature" && ownedBy(row, principal));
  if (visible.length === 0) return { kind: "none" };
  const credentials = new Set(visible.map((row) => row.credentialHash));
  if (credentials.size > 1) {
    throw new GatewayError(
      "invalid_request",
      "These messages carry thinking blocks signed by different provider accounts, and no account can verify the others' signatures; send one conversation's blocks, or drop the older thinking blocks",
      { param: "messages" },
    );
  }
  // The most recent signature names the deployment to prefer (any with the same credentials can serve).
  const latest = visible.reduce((best, row) => (row.createdAt.getTime() >= best.createdAt.getTime() ? row : best));
  return { kind: "pinned", credentialHash: latest.credentialHash, deploymentId: latest.deploymentId };
}
