import { z } from "zod";
import { credentialHashOf } from "../../gateway/affinity/credential-hash";
import { encryptedFingerprint } from "../../gateway/affinity/refs";
import { thinkingFingerprint } from "../../gateway/affinity/thinking-refs";
import type { GatewayContext } from "../../gateway/context";
import { ServiceError } from "../service-error";

/**
 * A response id, an item id, an `enc:` or `thk:` fingerprint, or a whole `encrypted_content` blob,
 * thinking `signature` or redacted_thinking `data` (they run long).
 */
export const affinityLookupSchema = z.object({ ref: z.string().trim().min(1).max(1_000_000) });

const sha256Fingerprint = /^enc:[0-9a-f]{64}$/;

export interface AffinityServiceContext {
  gateway: GatewayContext;
  teamId: string;
}

/**
 * Where a Responses API object or a Messages answer's signed thinking was made, for the team that made it. Another team's record and an
 * unknown or expired reference get the same not-found: existence is not revealed across teams.
 */
export async function lookupAffinity(ctx: AffinityServiceContext, input: z.infer<typeof affinityLookupSchema>) {
  const { gateway } = ctx;
  const candidates = [input.ref, encryptedFingerprint(input.ref), thinkingFingerprint(input.ref)];
  // The dashboard hashes a long paste in the browser and sends it as `enc:`; the same digest names a signature as `thk:`.
  if (sha256Fingerprint.test(input.ref)) candidates.push(`thk:${input.ref.slice(4)}`);
  const row = (await gateway.affinity.store.find(candidates, gateway.now())).find((candidate) => candidate.teamId === ctx.teamId);
  if (!row) throw new ServiceError("not_found", "No response, item, encrypted content or thinking signature with that reference in this team");
  const sameCredentials = gateway.config.deployments.filter((deployment) => credentialHashOf(deployment) === row.credentialHash);
  return {
    ref: row.ref,
    kind: row.kind,
    deploymentId: row.deploymentId,
    modelGroup: row.modelGroup,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    deploymentConfigured: gateway.config.deployments.some((deployment) => deployment.id === row.deploymentId),
    /** Deployments a follow-up can still go to: same endpoint, key and organisation. */
    servableBy: sameCredentials.map((deployment) => ({ id: deployment.id, modelGroup: deployment.modelGroup })),
  };
}
