import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const masterKey = "sk-test-master-key-0123456789";

export interface GatewayProcess {
  url: string;
  port: number;
  pid: number;
  /** The SQLite file this gateway writes. */
  databasePath: string;
  output: () => string;
  /** Sends a signal and waits for the process to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  config: string;
  env?: Record<string, string>;
  /** Reuse a database file (restart tests); a fresh one otherwise. */
  databasePath?: string;
  dashboard?: boolean;
}

const root = resolve(__dirname, "../../..");

/** Starts the built production server (`bin/switchyard.mjs`) on a free port of 127.0.0.1. */
export async function startGateway(options: StartOptions): Promise<GatewayProcess> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-test-"));
  const configPath = join(directory, "config.yaml");
  writeFileSync(configPath, options.config);
  const databasePath = options.databasePath ?? join(directory, "switchyard.db");
  const child = spawn(process.execPath, [join(root, "bin/switchyard.mjs"), "--config", configPath, "--port", "0", "--host", "127.0.0.1"], {
    cwd: directory,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      DATABASE_URL: `file:${databasePath}`,
      SWITCHYARD_MASTER_KEY: masterKey,
      SWITCHYARD_LOG_LEVEL: "warn",
      SWITCHYARD_DASHBOARD: options.dashboard ? "on" : "off",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`gateway did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(Number(match[1]));
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`gateway exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    databasePath,
    output: () => output,
    stop: (signal = "SIGTERM") =>
      stopProcess(child, signal, () => {
        if (!options.databasePath) rmSync(directory, { recursive: true, force: true });
      }),
  };
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals, cleanup: () => void): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      cleanup();
      return done(child.exitCode);
    }
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(killer);
      cleanup();
      done(code);
    });
    child.kill(signal);
  });
}

/** Runs the CLI with a config and returns its exit code and output, for start-up failures. */
export function runGatewayExpectingExit(config: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-test-"));
  const configPath = join(directory, "config.yaml");
  writeFileSync(configPath, config);
  const child = spawn(process.execPath, [join(root, "bin/switchyard.mjs"), "--config", configPath, "--port", "0", "--host", "127.0.0.1"], {
    cwd: directory,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", DATABASE_URL: `file:${join(directory, "db.sqlite")}`, SWITCHYARD_DASHBOARD: "off", ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      rmSync(directory, { recursive: true, force: true });
      done({ code, output });
    });
  });
}
