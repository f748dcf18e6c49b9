import type { Deployment } from "../../config/types";
import type { AffinityRow } from "../../db/schema";
import type { AnswerObserver } from "../handlers/route-plan";
import type { Principal } from "../keys/principal";
import type { AffinityStore } from "./affinity-store";
import { credentialHashOf } from "./credential-hash";
import { refsOfItems } from "./refs";

export interface AffinitySettings {
  enabled: boolean;
  ttlMs: number;
  /** Opt-in: when the bound deployment cannot serve, drop unreadable reasoning and route elsewhere. */
  dropUnreadableReasoning: boolean;
}

const streamEventsWithIds = ['"response.created"', '"response.output_item.done"', '"response.completed"', '"response.incomplete"', '"response.failed"'];

/** One record: `ref` was made by this deployment (what matters: its credentials) for this key and team. */
export function affinityRow(ref: string, kind: AffinityRow["kind"], deployment: Deployment, principal: Principal, settings: AffinitySettings, createdAt: number): AffinityRow {
  return {
    ref,
    kind,
    deploymentId: deployment.id,
    credentialHash: credentialHashOf(deployment),
    modelGroup: deployment.modelGroup,
    keyToken: principal.kind === "key" ? principal.key.token : null,
    teamId: principal.kind === "key" ? principal.key.teamId : null,
    createdAt: new Date(createdAt),
    expiresAt: new Date(createdAt + settings.ttlMs),
  };
}

/**
 * Writes where a response and its items came from, as the answer passes: for a whole body at
 * once, for a stream as events arrive, and always before the final event is sent, so a client
 * that follows up at once is routed right.
 */
export function recordAffinity(store: AffinityStore, settings: AffinitySettings, deployment: Deployment, principal: Principal, now: () => number): AnswerObserver {
  const pending: AffinityRow[] = [];
  const rowFor = (ref: string, kind: AffinityRow["kind"]) => affinityRow(ref, kind, deployment, principal, settings, now());
  const collect = (response: unknown) => {
    if (typeof response !== "object" || response === null) return;
    const { id, output } = response as { id?: unknown; output?: unknown };
    if (typeof id === "string" && id !== "") pending.push(rowFor(id, "response"));
    collectItems(output);
  };
  const collectItems = (items: unknown) => {
    const refs = refsOfItems(items);
    for (const itemId of refs.itemIds) pending.push(rowFor(itemId, "item"));
    for (const fingerprint of refs.fingerprints) pending.push(rowFor(fingerprint, "encrypted_content"));
  };
  const flush = () => (pending.length > 0 ? store.record(pending.splice(0)) : undefined);

  return {
    json(body) {
      collect(body);
      return flush();
    },
    payload(data) {
      if (!streamEventsWithIds.some((type) => data.includes(type))) return;
      let event: { type?: string; response?: unknown; item?: unknown };
      try {
        event = JSON.parse(data);
      } catch {
        return; // not ours to judge: the payload still goes to the client as it came
      }
      if (event.type === "response.output_item.done") collectItems([event.item]);
      else collect(event.response);
      // The id is worth having at once (cancel, retrieve); the rest before the final event goes out.
      if (event.type !== "response.output_item.done") return flush();
    },
    end: flush,
  };
}
