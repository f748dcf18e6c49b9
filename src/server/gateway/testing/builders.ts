import { CostMap } from "../pricing/cost-map";
import type { CurrentCostMap } from "../cost-maps/active-cost-map";
import type { Deployment } from "../../config/types";
import type { TeamRow, VirtualKeyRow } from "../../db/schema";
import { newKeyRow } from "../keys/new-key-row";
import { newTeamRow } from "../keys/new-team-row";
import type { Principal } from "../keys/principal";

// Builders for unit tests only: plain values with every required field, overridden per test.

export function testDeployment(id: string, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id,
    modelGroup: "gpt-4o",
    provider: "openai",
    providerPrefix: "openai",
    upstreamModel: "gpt-4o",
    apiBase: "https://api.openai.com/v1",
    timeoutMs: 60_000,
    mode: "chat",
    accessGroups: [],
    publicParams: {},
    publicModelInfo: {},
    ...overrides,
  };
}

const epoch = new Date(0);

export function keyRow(overrides: Partial<VirtualKeyRow> = {}): VirtualKeyRow {
  return { ...newKeyRow("a".repeat(64), "sk-...abcd", epoch), ...overrides };
}

export function teamRow(overrides: Partial<TeamRow> = {}): TeamRow {
  return { ...newTeamRow("team-1", null, epoch), ...overrides };
}

export function keyPrincipal(key: Partial<VirtualKeyRow> = {}, team?: Partial<TeamRow>): Principal {
  const teamValue = team === undefined ? undefined : teamRow(team);
  return { kind: "key", key: keyRow({ teamId: teamValue?.teamId ?? null, ...key }), team: teamValue };
}

/** mulberry32: a small deterministic PRNG, so statistical tests give the same answer every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A cost map that never changes, for code that reads the current one. */
export function fixedCostMap(raw: Record<string, unknown>, versionId = 1): CurrentCostMap {
  const version = { versionId, map: new CostMap(raw), modelCount: Object.keys(raw).length, source: "test" };
  return { current: () => version };
}
