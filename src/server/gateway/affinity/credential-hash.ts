import { createHash } from "node:crypto";
import type { Deployment } from "../../config/types";

const cache = new WeakMap<Deployment, string>();

/**
 * A stored credential is named, not hashed by value: its value is not known here (it is read per
 * request), and a rotated key of the same account must keep serving the same conversations.
 */
function boundaryOf(deployment: Deployment): string[] {
  const stored = deployment.storedCredential;
  // Vertex AI signs for the Google project and the service account it was called with, whatever
  // the region (whose host differs): that is its own boundary, never the same as Anthropic's.
  const { vertex } = deployment;
  if (!stored && vertex) return ["vertex_ai", deployment.apiBase, vertex.project ?? "", vertex.credentials ?? ""];
  // Bedrock: the AWS account behind the keys is the boundary (the host is only the region's); appended only for it, so other hashes stay as they were.
  if (!stored && deployment.aws) return ["aws", deployment.apiBase, deployment.aws.accessKeyId ?? ""];
  if (!stored) return [deployment.apiBase, deployment.apiKey ?? "", deployment.organization ?? ""];
  return [
    "stored-credential",
    stored.name,
    stored.own.api_base ?? "",
    stored.own.api_key ?? "",
    stored.own.organization ?? "",
    stored.own.vertex_project ?? "",
    stored.own.vertex_credentials ?? "",
  ];
}

/**
 * The encryption boundary of a deployment: its endpoint and credentials. Reasoning blobs and
 * stored responses belong to the organisation behind these, not to a deployment id, so any
 * deployment with the same hash can serve a follow-up. Hashed so no key is ever stored.
 */
export function credentialHashOf(deployment: Deployment): string {
  let hash = cache.get(deployment);
  if (!hash) {
    hash = createHash("sha256").update(boundaryOf(deployment).join("\n")).digest("hex").slice(0, 32);
    cache.set(deployment, hash);
  }
  return hash;
}
