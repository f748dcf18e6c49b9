import type { AffinityRow } from "../../db/schema";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import type { AffinityRefs } from "./refs";

export type AffinitySource = "previous_response_id" | "item_id" | "encrypted_content";

export type Affinity = { kind: "none" } | { kind: "pinned"; credentialHash: string; deploymentId: string; source: AffinitySource; refs: string[] };

/** Records made under another team (or, without teams, another key) are invisible to this caller. */
export function ownedBy(row: AffinityRow, principal: Principal): boolean {
  if (principal.kind === "master") return true;
  if (row.teamId !== null) return row.teamId === principal.key.teamId;
  return row.keyToken === principal.key.token;
}

/** Which record decides the deployment: the previous response, then an item, then a blob; never the order found. */
const precedence: Record<AffinityRow["kind"], number> = { response: 0, item: 1, encrypted_content: 2, thinking_signature: 3 };

function sourceOf(row: AffinityRow): AffinitySource {
  return row.kind === "response" ? "previous_response_id" : row.kind === "item" ? "item_id" : "encrypted_content";
}

/**
 * Where a follow-up must go: the one set of credentials that every known reference points to.
 * References to two different sets cannot be served anywhere, so that is a 400 naming them.
 */
export function resolveAffinity(refs: AffinityRefs, found: readonly AffinityRow[], principal: Principal): Affinity {
  const visible = found.filter((row) => ownedBy(row, principal));
  if (refs.previousResponseId !== undefined && !visible.some((row) => row.ref === refs.previousResponseId)) {
    if (found.some((row) => row.ref === refs.previousResponseId)) {
      throw new GatewayError("not_found", `Previous response with id '${refs.previousResponseId}' not found.`, { param: "previous_response_id" });
    }
  }
  if (visible.length === 0) return { kind: "none" };

  const byCredentials = new Map<string, AffinityRow[]>();
  for (const row of visible) byCredentials.set(row.credentialHash, [...(byCredentials.get(row.credentialHash) ?? []), row]);
  if (byCredentials.size > 1) {
    const groups = [...byCredentials.values()].map((rows) => rows.map((row) => (row.ref.startsWith("enc:") ? "an encrypted_content blob" : row.ref)).join(", "));
    throw new GatewayError("invalid_request", `These items were created under different provider credentials and cannot be sent together: [${groups.join("] and [")}]`, { param: "input" });
  }
  const rows = visible;
  const first = rows.find((row) => row.ref === refs.previousResponseId) ?? rows.reduce((best, row) => (precedence[row.kind] < precedence[best.kind] ? row : best));
  return { kind: "pinned", credentialHash: first.credentialHash, deploymentId: first.deploymentId, source: sourceOf(first), refs: rows.map((row) => row.ref) };
}
