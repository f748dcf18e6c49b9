import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";

/** Every limit is over the same sliding minute, whichever store counts it. */
export const limitWindowMs = 60_000;

/** Something with its own rpm and tpm: the key, and its team when it has one. */
export interface LimitSubject {
  /** Unique across keys and teams; the stores use it as (part of) their key. */
  id: string;
  label: "key" | "team";
  rpmLimit: number | null;
  tpmLimit: number | null;
}

/** The subjects with a limit that a request counts against, key first; none for the master key or unlimited keys (no work, no round trip). */
export function limitSubjectsOf(principal: Principal): readonly LimitSubject[] {
  if (principal.kind === "master") return none;
  const { key, team } = principal;
  const keyLimited = key.rpmLimit !== null || key.tpmLimit !== null;
  const teamLimited = team !== undefined && (team.rpmLimit !== null || team.tpmLimit !== null);
  // Most keys have no limit: they cost this check, and nothing is built for them.
  if (!keyLimited && !teamLimited) return none;
  const subjects: LimitSubject[] = [];
  if (keyLimited) subjects.push({ id: `key:${key.token}`, label: "key", rpmLimit: key.rpmLimit, tpmLimit: key.tpmLimit });
  if (teamLimited) subjects.push({ id: `team:${team.teamId}`, label: "team", rpmLimit: team.rpmLimit, tpmLimit: team.tpmLimit });
  return subjects;
}

const none: readonly LimitSubject[] = [];

function retryAfter(ms: number): Record<string, string> {
  return { "retry-after": String(Math.max(1, Math.ceil(ms / 1000))) };
}

/** The refusal for a subject at its rpm, retrying once its oldest request leaves the window. */
export function requestLimitError(subject: LimitSubject, msUntilRoom: number): GatewayError {
  return new GatewayError("rate_limit_exceeded", `Rate limit exceeded: this ${subject.label} allows ${subject.rpmLimit} requests per minute`, { headers: retryAfter(msUntilRoom) });
}

/** The refusal for a subject at its tpm, retrying once its oldest token record leaves the window. */
export function tokenLimitError(subject: LimitSubject, msUntilRoom: number): GatewayError {
  return new GatewayError("tpm_limit_exceeded", `Token rate limit exceeded: this ${subject.label} allows ${subject.tpmLimit} tokens per minute`, { headers: retryAfter(msUntilRoom) });
}
