// What run.mjs and scale-out.mjs share: processes pinned to a core, their CPU time from /proc,
// and one autocannon run with its throughput, latency and CPU per request.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

const children = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGKILL")));
process.on("SIGINT", () => process.exit(130));

/** Starts a node script pinned to `core`, resolving with the URL it prints. */
export function startPinned(core, script, scriptArgs, env = {}, { nodeArgs = [], ready = /listening on (http:\/\/127\.0\.0\.1:\d+)/ } = {}) {
  const command = hasTaskset ? "taskset" : process.execPath;
  const commandArgs = hasTaskset ? ["-c", String(core), process.execPath, ...nodeArgs, script, ...scriptArgs] : [...nodeArgs, script, ...scriptArgs];
  const child = spawn(command, commandArgs, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((done, fail) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) done({ url: match[1], pid: child.pid, child });
    });
    child.once("exit", (code) => fail(new Error(`${script} exited with ${code}: ${output}`)));
  });
}

/** utime + stime of a process in ms (taskset execs node, so the child's pid is node's); 0 once it is gone. */
export const cpuMs = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return 0;
  }
};
export const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

/** CPU of a changing set of processes (`pids()` is asked before and after): what each used in between. */
export async function cpuOf(pids) {
  const before = new Map((await pids()).map((pid) => [pid, cpuMs(pid)]));
  return async () => {
    let total = 0;
    for (const pid of new Set([...before.keys(), ...(await pids())])) total += Math.max(0, cpuMs(pid) - (before.get(pid) ?? 0));
    return total;
  };
}

/**
 * One autocannon run (or several at once, one per URL in `urls`, the connections shared out);
 * returns requests per second, latency percentiles (of the slowest target) and the CPU per
 * request of `pids` (the servers) and of each named extra source in `extra` ({ name: () => pid[] }).
 */
export async function load(urls, headers, body, { pids = [], extra = {}, connections = 50, requests, amount, duration = 5 } = {}) {
  const targets = Array.isArray(urls) ? urls : [urls];
  const servers = await cpuOf(async () => pids);
  const others = await Promise.all(Object.entries(extra).map(async ([name, list]) => [name, await cpuOf(list)]));
  const results = await Promise.all(
    targets.map((url) =>
      autocannon({
        url,
        method: "POST",
        headers,
        body,
        connections: Math.max(1, Math.round(connections / targets.length)),
        ...(amount ? { amount: Math.round(amount / targets.length) } : { duration }),
        requests,
      }),
    ),
  );
  const served = results.reduce((sum, result) => sum + result.requests.total, 0);
  const failed = results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0);
  if (failed > served * 0.001) throw new Error(`${targets.join(", ")}: ${failed} failed of ${served}`);
  const perRequest = (ms) => (ms * 1000) / served;
  const extraUs = {};
  for (const [name, done] of others) extraUs[name] = perRequest(await done());
  return {
    rps: results.reduce((sum, result) => sum + result.requests.average, 0),
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
    cpuUs: pids.length ? perRequest(await servers()) : undefined,
    extraUs,
  };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
