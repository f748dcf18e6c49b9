import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { masterKey } from "./gateway-process";

const root = resolve(__dirname, "../../..");

export interface NextProcess {
  url: string;
  output: () => string;
  /** Stops the server (its whole process group: `next dev` runs a child server) and removes its files. */
  stop(): Promise<void>;
}

export interface NextOptions {
  /** `start` serves the build (`npm run build` first); `dev` is what `npm run dev` runs. */
  mode: "start" | "dev";
  config: string;
  env?: Record<string, string>;
  /** How long the first answer may take: `next dev` compiles on demand. */
  readyWithinMs?: number;
}

/** A port the kernel just handed out on 127.0.0.1 (another process taking it in between is unlikely, unlike port + 1). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/**
 * Next.js alone as the door (what `next dev` and serverless platforms run), on 127.0.0.1 with a
 * fresh SQLite file; the gateway starts inside it on the first gateway request.
 */
export async function startNext(options: NextOptions): Promise<NextProcess> {
  const directory = mkdtempSync(join(tmpdir(), `switchyard-next-${options.mode}-`));
  writeFileSync(join(directory, "config.yaml"), options.config);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, "node_modules/next/dist/bin/next"), options.mode, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    detached: true, // its own process group, so stop() reaches `next dev`'s child server too
    env: {
      NODE_ENV: options.mode === "start" ? "production" : "development",
      PATH: process.env.PATH ?? "",
      NEXT_TELEMETRY_DISABLED: "1",
      SWITCHYARD_CONFIG: join(directory, "config.yaml"),
      DATABASE_URL: `file:${join(directory, "next.db")}`,
      SWITCHYARD_MASTER_KEY: masterKey,
      SWITCHYARD_LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
      process.kill(-child.pid!, "SIGTERM");
      await exited;
      clearTimeout(killer);
    }
    rmSync(directory, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyWithinMs ?? 60_000);
  for (;;) {
    const ready = await fetch(`${url}/health/liveliness`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`next ${options.mode} did not come up:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return { url, output: () => output, stop };
}
