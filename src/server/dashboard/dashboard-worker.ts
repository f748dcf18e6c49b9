import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { readEnv } from "../../env";
import { registerGateway } from "../gateway/shared-gateway";
import { createLogger } from "../log";
import { startGateway } from "../start-gateway";
import type { DeploymentStatusSnapshot } from "../gateway/health/deployment-status";
import type { DashboardWorkerData, MainMessage, WorkerMessage } from "./dashboard-messages";

/**
 * The dashboard's thread: Next.js renders here, on an HTTP server bound to a private Unix socket
 * that only the main thread talks to. Next patches `Date`, timers and `process.nextTick` and
 * turns on async-context hooks for the whole isolate it runs in; in this thread, none of that
 * touches the /v1 path. The pages read the database through a gateway of their own, which serves
 * no traffic and hears the main thread's changes (and tells it its own) over the change channel.
 */
const { root, socketPath, changeChannel, configPath } = workerData as DashboardWorkerData;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

const waitingFlushes = new Map<number, () => void>();
const waitingStatus = new Map<number, (status: DeploymentStatusSnapshot) => void>();
let nextFlush = 0;
parentPort?.on("message", (message: MainMessage) => {
  if (message.kind === "spend-flushed") waitingFlushes.get(message.id)?.();
  else if (message.kind === "deployment-status") waitingStatus.get(message.id)?.(message.status);
});

/** The Models page shows what the main thread sees: it serves the traffic and runs the health checks. */
function mainThreadDeploymentStatus(): Promise<DeploymentStatusSnapshot> {
  const id = nextFlush++;
  return new Promise((resolve) => {
    waitingStatus.set(id, (status) => {
      waitingStatus.delete(id);
      resolve(status);
    });
    post({ kind: "deployment-status", id });
  });
}
/** Spend pages show what was answered a moment ago: the main thread writes its buffered rows first. */
function flushMainThreadSpend(): Promise<void> {
  const id = nextFlush++;
  return new Promise((resolve) => {
    waitingFlushes.set(id, () => {
      waitingFlushes.delete(id);
      resolve();
    });
    post({ kind: "flush-spend", id });
  });
}

try {
  const env = readEnv();
  const log = createLogger(env.SWITCHYARD_LOG_LEVEL);
  registerGateway(await startGateway({ configPath, env, log, root, thread: { channel: changeChannel, flushMainThreadSpend, mainThreadDeploymentStatus } }), { pagesOnly: true });
  // Without NEXTAUTH_URL, next-auth's redirects go to http://localhost:3000 unless it may read the
  // request's host; the main thread sets X-Forwarded-Host and -Proto to this request's own.
  if (!env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "1";
  // As Next's own standalone server does: the config as the build resolved it, so Next does not
  // compile next.config.ts again at start (that loads SWC's native module, some 24 MB).
  const built = JSON.parse(readFileSync(join(root, ".next", "required-server-files.json"), "utf8")) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built.config);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((request, response) => void handle(request, response));
  server.keepAliveTimeout = 65_000;
  server.listen(socketPath, () => post({ kind: "ready" }));
} catch (error) {
  post({ kind: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
