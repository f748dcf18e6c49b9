import { z } from "zod";

/** What one instance tells the others it changed, so they drop or update their caches. */
export type Change =
  | { kind: "key"; token: string }
  | { kind: "team"; teamId: string }
  /** A stored provider credential was created, changed or deleted: re-read it before the next request. */
  | { kind: "credential"; name: string }
  /** A stored deployment was added, changed or deleted: read the table and swap the deployment set. */
  | { kind: "deployment"; id: string }
  | { kind: "cost-map"; versionId: number }
  | { kind: "cooldown"; deploymentId: string; until: number; reason: "rate_limited" | "failing" }
  | { kind: "spend"; keys: [string, number][]; teams: [string, number][] }
  /** Changes may have been missed (the bus was down): drop everything cached. */
  | { kind: "resync" };

const amounts = z.array(z.tuple([z.string(), z.number()]));

// Trust boundary: anything on the channel is checked before a listener sees it.
export const changeSchema: z.ZodType<Change> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("key"), token: z.string() }),
  z.object({ kind: z.literal("team"), teamId: z.string() }),
  z.object({ kind: z.literal("credential"), name: z.string() }),
  z.object({ kind: z.literal("deployment"), id: z.string() }),
  z.object({ kind: z.literal("cost-map"), versionId: z.number().int() }),
  z.object({ kind: z.literal("cooldown"), deploymentId: z.string(), until: z.number(), reason: z.enum(["rate_limited", "failing"]) }),
  z.object({ kind: z.literal("spend"), keys: amounts, teams: amounts }),
  z.object({ kind: z.literal("resync") }),
]);

/**
 * Kinds a change's author does not wait for: a cooldown or spend total is the gateway's own
 * bookkeeping, heard on a best-effort basis. Every other kind, present or added later, is what
 * someone changed through the API or the console, and is confirmed by every live instance
 * before the change is answered (read-your-writes across instances).
 */
const unconfirmedKinds: ReadonlySet<Change["kind"]> = new Set(["cooldown", "spend", "resync"]);

export function needsConfirmation(change: Change): boolean {
  return !unconfirmedKinds.has(change.kind);
}
