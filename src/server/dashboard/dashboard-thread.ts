import { Agent, request as httpRequest, type ClientRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { writeNodeResponse } from "../gateway/adapters/node";
import { GatewayError, errorResponse } from "../gateway/errors";
import type { DeploymentStatusSnapshot } from "../gateway/health/deployment-status";
import type { DashboardWorkerData, MainMessage, WorkerMessage } from "./dashboard-messages";

/** What Next.js reads of a body (its `middlewareClientMaxBodySize`, 10 MB); it fails on a longer one. */
export const nextBodyLimit = 10 * 1024 * 1024;

export interface DashboardThread {
  /** Serves one dashboard request by passing it to the thread, and its answer back as it comes; a body over `maxBodyBytes` gets a 413. */
  handle(incoming: IncomingMessage, outgoing: ServerResponse, maxBodyBytes: number): Promise<void>;
  close(): Promise<void>;
}

export interface DashboardThreadOptions {
  root: string;
  configPath?: string;
  /** The change channel the main thread's gateway joined. */
  changeChannel: string;
  /** dist/dashboard-worker.mjs */
  workerFile: URL;
  /** Writes the main thread's buffered spend rows (the spend pages ask before they read). */
  flushSpend: () => Promise<unknown>;
  /** The main thread's view of each deployment (traffic, cooldowns, health checks), for the Models page. */
  deploymentStatus: () => DeploymentStatusSnapshot;
  log: Logger;
}

/**
 * Starts Next.js in a worker thread of this process and resolves once it listens. A thread that
 * dies later is started again; meanwhile dashboard requests get a 503 and /v1 carries on.
 */
export async function startDashboardThread(options: DashboardThreadOptions): Promise<DashboardThread> {
  // An abstract Unix socket: no file to clean up, and no port anyone else could reach.
  const socketPath = `\0switchyard-dashboard-${process.pid}-${options.changeChannel}`;
  const workerData: DashboardWorkerData = { root: options.root, socketPath, changeChannel: options.changeChannel, configPath: options.configPath };
  let closing = false;

  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(options.workerFile, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      worker.on("message", (message: WorkerMessage) => {
        if (message.kind === "ready") resolve(worker);
        else if (message.kind === "failed") reject(new Error(`the dashboard could not start: ${message.message}`));
        else if (message.kind === "flush-spend") {
          const reply: MainMessage = { kind: "spend-flushed", id: message.id };
          void options.flushSpend().finally(() => worker.postMessage(reply));
        } else if (message.kind === "deployment-status") {
          const reply: MainMessage = { kind: "deployment-status", id: message.id, status: options.deploymentStatus() };
          worker.postMessage(reply);
        }
      });
      worker.once("error", (error) => {
        options.log.error({ err: error }, "the dashboard thread failed");
        reject(error);
      });
      worker.once("exit", (code) => {
        reject(new Error(`the dashboard thread exited with ${code}`));
        if (closing) return;
        options.log.error({ code }, "the dashboard thread stopped; starting it again in 1 s");
        setTimeout(() => {
          if (!closing)
            start().then(
              (next) => (current = next),
              (error) => options.log.error({ err: error }, "the dashboard thread did not start again"),
            );
        }, 1_000).unref();
      });
    });

  let current = await start();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    handle: (incoming, outgoing, maxBodyBytes) => passThrough(incoming, outgoing, { socketPath, agent, maxBodyBytes }, options.log),
    async close() {
      closing = true;
      agent.destroy();
      await current.terminate();
    },
  };
}

/** Headers that describe one connection, not the message: each hop sets its own. */
const hopByHop = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"]);

function forwardableHeaders(headers: IncomingMessage["headers"]): IncomingMessage["headers"] {
  const kept: IncomingMessage["headers"] = {};
  for (const [name, value] of Object.entries(headers)) if (!hopByHop.has(name)) kept[name] = value;
  return kept;
}

/** The answer's headers onto ours, repeated ones (several Set-Cookie) kept apart; the security headers set before stay unless the answer names them. */
function copyAnswerHeaders(answer: IncomingMessage, outgoing: ServerResponse): void {
  const values = new Map<string, string[]>();
  const raw = answer.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index];
    if (hopByHop.has(name.toLowerCase())) continue;
    const list = values.get(name.toLowerCase());
    if (list) list.push(raw[index + 1]);
    else values.set(name.toLowerCase(), [raw[index + 1]]);
  }
  for (const [name, list] of values) outgoing.setHeader(name, list.length === 1 ? list[0] : list);
}

interface PassThroughOptions {
  socketPath: string;
  agent: Agent;
  maxBodyBytes: number;
}

/** A body without Content-Length (chunked) counted as it goes; over the limit, the thread never sees the rest. */
function limitBody(incoming: IncomingMessage, forwarded: ClientRequest, maxBodyBytes: number, onTooLarge: () => void): void {
  let size = 0;
  incoming.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxBodyBytes) return;
    incoming.unpipe(forwarded);
    incoming.resume();
    onTooLarge();
  });
}

function passThrough(incoming: IncomingMessage, outgoing: ServerResponse, { socketPath, agent, maxBodyBytes }: PassThroughOptions, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const options = { socketPath, agent, method: incoming.method, path: incoming.url, headers: forwardableHeaders(incoming.headers) };
    let tooLarge = false;
    const forwarded = httpRequest(options, (answer) => {
      if (tooLarge) return answer.resume();
      copyAnswerHeaders(answer, outgoing);
      outgoing.writeHead(answer.statusCode ?? 502);
      answer.pipe(outgoing);
      answer.once("end", resolve);
      answer.once("error", () => {
        outgoing.destroy();
        resolve();
      });
    });
    forwarded.once("error", (error) => {
      if (tooLarge) return;
      if (!outgoing.headersSent) {
        log.error({ err: error }, "the dashboard thread did not answer");
        outgoing.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("The dashboard is not available at the moment.");
      } else outgoing.destroy();
      resolve();
    });
    // The browser leaving mid-answer ends the render in the thread too.
    outgoing.once("close", () => {
      if (!outgoing.writableFinished) forwarded.destroy();
      resolve();
    });
    limitBody(incoming, forwarded, maxBodyBytes, () => {
      tooLarge = true;
      forwarded.destroy();
      if (outgoing.headersSent) outgoing.destroy();
      else
        void writeNodeResponse(
          errorResponse(new GatewayError("request_too_large", `The request body is larger than the limit of ${maxBodyBytes} bytes`), () => {}),
          outgoing,
        ).then(resolve);
    });
    incoming.pipe(forwarded);
  });
}
