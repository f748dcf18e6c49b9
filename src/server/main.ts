import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readEnv, type Env } from "../env";
import { ConfigError } from "./config/config-error";
import { fromNodeRequest, writeNodeResponse } from "./gateway/adapters/node";
import { answerProtocolErrors, declaredBodyTooLarge, missingHost, undecodablePath } from "./gateway/adapters/node-protocol-errors";
import { errorResponse } from "./gateway/errors";
import { isGatewayPath } from "./gateway/gateway-paths";
import { createLogger } from "./log";
import { withOwnOrigin, withPeerAddress } from "./security/client-address";
import { checkRequestTarget } from "./security/request-target";
import { securityHeaders } from "./security/security-headers";
import { loadGatewayConfig, startGateway } from "./start-gateway";
import { nextBodyLimit, startDashboardThread } from "./dashboard/dashboard-thread";
import { deploymentStatusOf } from "./gateway/health/deployment-status";
import { letYoungGenerationGrow } from "./young-generation";

const usage = `Usage: switchyard [--config config.yaml] [--port 4000] [--host 0.0.0.0]
       switchyard --check-config [--config] config.yaml [more.yaml ...]   (load each config as start-up would, report, exit)
  Environment: SWITCHYARD_CONFIG, PORT, HOST, DATABASE_URL, SWITCHYARD_MASTER_KEY (see docs/configuration.md).`;

/** The package root: where package.json, .next and drizzle/ live, whichever folder we run from. */
function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) return process.cwd();
    directory = parent;
  }
  return directory;
}

/** Whether this server renders the dashboard: it is on, and there is a Next.js build to serve. */
function dashboardWanted(root: string, env: Env, log: ReturnType<typeof createLogger>): boolean {
  if (env.SWITCHYARD_DASHBOARD === "off") return false;
  if (existsSync(join(root, ".next", "BUILD_ID"))) return true;
  log.warn("no Next.js build found (run `npm run build`): serving the gateway without the dashboard");
  return false;
}

/**
 * Like `nginx -t`: each config read as start-up would read it, with no database, port or upstream
 * touched. One line per valid file, the usual message per invalid one; 1 if any is invalid.
 */
function checkConfigs(files: readonly string[], env: Env, log: ReturnType<typeof createLogger>): number {
  let failed = 0;
  for (const file of files.length > 0 ? files : [undefined]) {
    try {
      const config = loadGatewayConfig(file === undefined ? undefined : resolve(file), env, log);
      console.log(`Config ${config.source} is valid: ${config.deployments.length} deployments, ${config.warnings.length} warnings`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      failed++;
      console.log(error.message);
    }
  }
  log.flush();
  return failed > 0 ? 1 : 0;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { config: { type: "string" }, port: { type: "string" }, host: { type: "string" }, help: { type: "boolean" }, "check-config": { type: "boolean" } },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const env = readEnv({ ...process.env, ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) });
  const log = createLogger(env.SWITCHYARD_LOG_LEVEL);
  const root = packageRoot();
  const configPath = values.config ?? env.SWITCHYARD_CONFIG;

  const resolvedConfig = configPath ? resolve(configPath) : undefined;
  if (values["check-config"]) {
    process.exitCode = checkConfigs(resolvedConfig ? [resolvedConfig, ...positionals] : positionals, env, log);
    return;
  }
  // The dashboard runs in a thread of its own (src/server/dashboard), its gateway joined to this one's changes.
  const changeChannel = dashboardWanted(root, env, log) ? `switchyard-changes-${randomUUID()}` : undefined;
  const gateway = await startGateway({ configPath: resolvedConfig, env, log, root, thread: changeChannel ? { channel: changeChannel } : undefined });
  const dashboard = changeChannel
    ? await startDashboardThread({
        root,
        configPath: resolvedConfig,
        changeChannel,
        workerFile: new URL("./dashboard-worker.mjs", import.meta.url),
        flushSpend: () => gateway.ctx.spend.flush(),
        deploymentStatus: () => deploymentStatusOf(gateway.ctx),
        log,
      })
    : undefined;

  // Next.js keeps only the first 10 MB of a body and fails on the rest: anything larger is refused here, whole.
  const dashboardBodyLimit = Math.min(env.SWITCHYARD_MAX_BODY_BYTES, nextBodyLimit);
  let inFlight = 0;
  let stopping = false;
  // No Host is answered below in the gateway's error shape, not with Node's empty 400.
  const server = createServer({ requireHostHeader: false }, async (incoming, outgoing) => {
    inFlight++;
    // While draining, each answer closes its connection, so keep-alive clients go elsewhere.
    if (stopping) outgoing.shouldKeepAlive = false;
    try {
      const url = incoming.url ?? "/";
      const queryStart = url.indexOf("?");
      const path = queryStart === -1 ? url : url.slice(0, queryStart);
      // Decided once, here: a gateway path is never served by the dashboard thread (and its own limiter).
      const target = checkRequestTarget(url, isGatewayPath);
      const toGateway = !dashboard || (target.ok && target.gateway);
      const refused =
        missingHost(incoming) ??
        (target.ok ? undefined : errorResponse(target.error, () => {})) ??
        (toGateway ? undefined : (undecodablePath(path) ?? declaredBodyTooLarge(incoming, dashboardBodyLimit)));
      if (refused) {
        incoming.resume(); // drop any body, so the connection can answer and be reused
        await writeNodeResponse(refused, outgoing);
      } else if (toGateway) {
        const response = await gateway.handle(fromNodeRequest(incoming, outgoing));
        await writeNodeResponse(response, outgoing);
      } else {
        // A trust boundary: the dashboard learns the client's address only as a proxy hop would tell it (client-address.ts).
        const forwardedFor = withPeerAddress(incoming.headers["x-forwarded-for"], incoming.socket.remoteAddress);
        if (forwardedFor) incoming.headers["x-forwarded-for"] = forwardedFor;
        // Likewise the origin next-auth builds its redirects from: this request's own, unless a trusted proxy said otherwise.
        if (env.SWITCHYARD_TRUSTED_PROXY_HOPS === 0) withOwnOrigin(incoming.headers);
        // Static assets too, which src/proxy.ts skips; the proxy adds the CSP to pages and /api.
        for (const [name, value] of Object.entries(securityHeaders)) outgoing.setHeader(name, value);
        await dashboard.handle(incoming, outgoing, dashboardBodyLimit);
      }
    } catch (error) {
      log.error({ err: error }, "request failed outside the gateway's error handling");
      if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "application/json" });
      outgoing.end();
    } finally {
      inFlight--;
    }
  });
  server.keepAliveTimeout = 65_000;
  answerProtocolErrors(server);

  server.listen(env.PORT, env.HOST, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "127.0.0.1" : env.HOST;
    console.log(`Switchyard listening on http://${shownHost}:${port} (${gateway.ctx.config.deployments.length} deployments)`);
    letYoungGenerationGrow();
  });

  const drained = async (withinMs: number) => {
    const deadline = Date.now() + withinMs;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
  };
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, inFlight }, "shutting down: draining requests");
    server.close();
    server.closeIdleConnections();
    await drained(env.SWITCHYARD_SHUTDOWN_GRACE_SECONDS * 1000);
    if (inFlight > 0) log.warn({ inFlight }, "grace period over: cutting the requests still in flight");
    server.closeAllConnections();
    // Cut streams abort their upstream calls and record their spend rows (as failures) on the way out.
    await drained(2_000);
    await dashboard?.close();
    await gateway.close();
    log.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
