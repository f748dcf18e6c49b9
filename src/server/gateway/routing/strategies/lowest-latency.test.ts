import { describe, expect, it } from "vitest";
import { testDeployment } from "../../testing/builders";
import { DeploymentHealth } from "../deployment-health";
import { LatencyTracker } from "../latency-tracker";
import { lowestLatency } from "./lowest-latency";

const args = { ttlMs: 60_000, buffer: 0, samples: 3 };
const health = (id: string) => new DeploymentHealth(testDeployment(id));
const at = 1_000_000;
const request = (overrides: { streamed?: boolean; random?: () => number; now?: number } = {}) => ({ now: at, random: () => 0, streamed: false, ...overrides });

/** A call of `seconds` that wrote `tokens` output tokens, ending at `at`. */
function call(tracker: LatencyTracker, id: string, seconds: number, tokens = 1, firstTokenSeconds?: number) {
  tracker.record(id, {
    startedAt: at - seconds * 1000,
    endedAt: at,
    completionTokens: tokens,
    firstTokenAt: firstTokenSeconds === undefined ? undefined : at - seconds * 1000 + firstTokenSeconds * 1000,
  });
}

describe("latency-based-routing", () => {
  it("picks the lowest average latency per output token", () => {
    const tracker = new LatencyTracker(args);
    call(tracker, "slow", 2, 10); // 0.2 s a token
    call(tracker, "fast", 3, 100); // 0.03 s a token: longer call, more tokens
    expect(lowestLatency(tracker, 0)([health("slow"), health("fast")], request()).deployment.id).toBe("fast");
  });

  it("tries a deployment without samples first (it counts 0)", () => {
    const tracker = new LatencyTracker(args);
    call(tracker, "measured", 0.1);
    expect(lowestLatency(tracker, 0)([health("measured"), health("new")], request()).deployment.id).toBe("new");
  });

  it("scores streams by time to first token once there is one", () => {
    const tracker = new LatencyTracker(args);
    call(tracker, "quick-start", 10, 1, 0.1);
    call(tracker, "slow-start", 5, 1, 2);
    const pick = lowestLatency(tracker, 0);
    expect(pick([health("quick-start"), health("slow-start")], request({ streamed: true })).deployment.id).toBe("quick-start");
    expect(pick([health("quick-start"), health("slow-start")], request()).deployment.id).toBe("slow-start");
  });

  it("keeps the last `samples` calls and forgets those older than the ttl", () => {
    const tracker = new LatencyTracker(args);
    call(tracker, "a", 9);
    for (let index = 0; index < 3; index++) call(tracker, "a", 1);
    expect(tracker.average("a", false, at)).toBe(1);
    expect(tracker.average("a", false, at + 60_001)).toBe(0);
  });

  it("penalises a timeout with 1000 s, as LiteLLM does", () => {
    const tracker = new LatencyTracker(args);
    call(tracker, "a", 1);
    call(tracker, "b", 2);
    tracker.recordTimeout("a", at);
    expect(lowestLatency(tracker, 0)([health("a"), health("b")], request()).deployment.id).toBe("b");
  });

  it("shares the load among those within lowest_latency_buffer of the lowest", () => {
    const tracker = new LatencyTracker(args);
    call(tracker, "a", 1);
    call(tracker, "b", 1.4);
    call(tracker, "c", 3);
    const candidates = [health("a"), health("b"), health("c")];
    expect(lowestLatency(tracker, 0)(candidates, request({ random: () => 0.99 })).deployment.id).toBe("a");
    const buffered = lowestLatency(tracker, 0.5);
    expect(buffered(candidates, request({ random: () => 0 })).deployment.id).toBe("a");
    expect(buffered(candidates, request({ random: () => 0.99 })).deployment.id).toBe("b");
  });
});
