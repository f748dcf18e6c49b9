import { BroadcastChannel, Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import type { Change } from "../../redis/change-bus";
import { ChangeBuses, ThreadChangeBus } from "./thread-change-bus";

const opened: { close(): Promise<void> | void }[] = [];
const open = (name: string) => {
  const bus = new ThreadChangeBus(name);
  opened.push(bus);
  return bus;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});

const heard = (bus: ThreadChangeBus) => {
  const changes: Change[] = [];
  bus.subscribe((change) => changes.push(change));
  return changes;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await settle();
}

describe("ThreadChangeBus", () => {
  it("tells the other buses of its channel, not itself and not other channels", async () => {
    const main = open("changes-a");
    const dashboard = open("changes-a");
    const elsewhere = open("changes-b");
    const [toMain, toDashboard, toElsewhere] = [heard(main), heard(dashboard), heard(elsewhere)];

    await dashboard.publish({ kind: "key", token: "abc" });
    await main.publish({ kind: "cost-map", versionId: 7 });
    // Messages between channels are asynchronous: wait for them (a loaded machine may take a while), then a little more for strays.
    await until(() => toMain.length > 0 && toDashboard.length > 0);
    await settle();

    expect(toMain).toEqual([{ kind: "key", token: "abc" }]);
    expect(toDashboard).toEqual([{ kind: "cost-map", versionId: 7 }]);
    expect(toElsewhere).toEqual([]);
  });

  it("drops a message that is not a change", async () => {
    const bus = open("changes-c");
    const changes = heard(bus);
    const stranger = new BroadcastChannel("changes-c");
    stranger.postMessage({ kind: "key" });
    stranger.postMessage("resync");
    stranger.postMessage({ type: "change", from: "x", change: { kind: "key" } });
    stranger.postMessage({ type: "change", from: "x", change: { kind: "team", teamId: "t1" } });
    await settle();
    stranger.close();
    expect(changes).toEqual([{ kind: "team", teamId: "t1" }]);
  });

  it("reaches a gateway in a worker thread", async () => {
    const bus = open("changes-d");
    const changes = heard(bus);
    const worker = new Worker(
      `const { BroadcastChannel } = require("node:worker_threads");
       const channel = new BroadcastChannel("changes-d");
       channel.postMessage({ type: "change", from: "worker", change: { kind: "credential", name: "azure-eu" } });
       channel.close();`,
      { eval: true },
    );
    await new Promise((resolve) => worker.once("exit", resolve));
    await settle();
    expect(changes).toEqual([{ kind: "credential", name: "azure-eu" }]);
  });
});

describe("ThreadChangeBus confirmations", () => {
  it("resolves a change once the other thread has applied it, however long applying takes", async () => {
    const main = new ThreadChangeBus("changes-e", "main");
    const dashboard = new ThreadChangeBus("changes-e", "dashboard");
    opened.push(main, dashboard);
    await until(() => main.peers().includes("dashboard"));
    let applied = false;
    dashboard.subscribe(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      applied = true;
    });
    const delivery = await main.publish({ kind: "cost-map", versionId: 3 });
    expect(applied).toBe(true);
    expect(delivery).toEqual({ expected: ["dashboard"], unconfirmed: [] });
  });

  it("names a thread that did not confirm within the wait, and does not wait for one that left", async () => {
    const main = new ThreadChangeBus("changes-f", "main", 150);
    const stuck = new ThreadChangeBus("changes-f", "stuck");
    const leaving = new ThreadChangeBus("changes-f", "leaving");
    opened.push(main, stuck);
    await until(() => main.peers().length === 2);
    stuck.subscribe(() => new Promise(() => undefined));
    await leaving.close();
    await until(() => main.peers().length === 1);
    const started = Date.now();
    expect(await main.publish({ kind: "key", token: "t" })).toEqual({ expected: ["stuck"], unconfirmed: ["stuck"] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("does not wait for changes nobody confirms (cooldowns, spend)", async () => {
    const main = new ThreadChangeBus("changes-g", "main", 5_000);
    const other = new ThreadChangeBus("changes-g", "other");
    opened.push(main, other);
    await until(() => main.peers().length === 1);
    other.subscribe(() => new Promise(() => undefined));
    expect(await main.publish({ kind: "spend", keys: [], teams: [] })).toEqual({ expected: [], unconfirmed: [] });
  });

  it("does not confirm a change a listener failed to apply", async () => {
    const main = new ThreadChangeBus("changes-h", "main", 150);
    const failing = new ThreadChangeBus("changes-h", "failing");
    opened.push(main, failing);
    await until(() => main.peers().length === 1);
    failing.subscribe(async () => {
      throw new Error("database away");
    });
    expect((await main.publish({ kind: "credential", name: "c" })).unconfirmed).toEqual(["failing"]);
  });
});

describe("ChangeBuses", () => {
  it("publishes to every bus and hears from every bus", async () => {
    const published: Change[][] = [[], []];
    const listeners: ((change: Change) => void)[] = [];
    const fake = (index: number, kind: "redis" | "local") => ({
      kind,
      publish: async (change: Change) => {
        published[index].push(change);
        return { expected: ["dashboard"], unconfirmed: index === 0 ? ["dashboard"] : [] };
      },
      subscribe: (listener: (change: Change) => void) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
      close: async () => undefined,
    });
    const buses = new ChangeBuses([fake(0, "redis"), fake(1, "local")]);
    expect(buses.kind).toBe("redis");
    const changes: Change[] = [];
    const unsubscribe = buses.subscribe((change) => changes.push(change));
    // The other thread, reachable on both buses, is named once.
    expect(await buses.publish({ kind: "team", teamId: "t1" })).toEqual({ expected: ["dashboard"], unconfirmed: ["dashboard"] });
    listeners.forEach((listener) => listener({ kind: "resync" }));
    expect(published).toEqual([[{ kind: "team", teamId: "t1" }], [{ kind: "team", teamId: "t1" }]]);
    expect(changes).toEqual([{ kind: "resync" }, { kind: "resync" }]);
    unsubscribe();
    expect(listeners).toEqual([]);
  });
});
