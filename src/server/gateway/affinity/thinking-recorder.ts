import type { Deployment } from "../../config/types";
import type { AffinityRow } from "../../db/schema";
import type { AnswerObserver } from "../handlers/route-plan";
import type { Principal } from "../keys/principal";
import { affinityRow, type AffinitySettings } from "./affinity-recorder";
import type { AffinityStore } from "./affinity-store";
import { thinkingFingerprintOfStreamEvent, thinkingFingerprintsOfContent } from "./thinking-refs";

/**
 * Writes which credentials signed a Messages answer's thinking, as the answer passes: a whole
 * message at once; a stream's signatures as they arrive, written before `message_stop` goes out,
 * so a client that follows up at once (Claude Code's next tool turn) is routed right.
 */
export function recordThinkingAffinity(store: AffinityStore, settings: AffinitySettings, deployment: Deployment, principal: Principal, now: () => number): AnswerObserver {
  const pending: AffinityRow[] = [];
  const add = (fingerprint: string) => pending.push(affinityRow(fingerprint, "thinking_signature", deployment, principal, settings, now()));
  const flush = () => (pending.length > 0 ? store.record(pending.splice(0)) : undefined);
  return {
    json(message) {
      if (typeof message !== "object" || message === null) return;
      for (const fingerprint of thinkingFingerprintsOfContent((message as { content?: unknown }).content)) add(fingerprint);
      return flush();
    },
    payload(data) {
      const fingerprint = thinkingFingerprintOfStreamEvent(data);
      if (fingerprint !== undefined) add(fingerprint);
      if (data.includes('"message_stop"')) return flush();
    },
    end: flush,
  };
}
