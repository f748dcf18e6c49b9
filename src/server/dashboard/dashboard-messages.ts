import type { DeploymentStatusSnapshot } from "../gateway/health/deployment-status";

/** What the main thread hands the dashboard's thread at start. */
export interface DashboardWorkerData {
  root: string;
  /** The private Unix socket the dashboard's HTTP server listens on. */
  socketPath: string;
  /** The change channel both threads' gateways join. */
  changeChannel: string;
  /** The config file the main thread loaded, resolved. */
  configPath?: string;
}

/** What the dashboard's thread tells the main thread. */
export type WorkerMessage = { kind: "ready" } | { kind: "failed"; message: string } | { kind: "flush-spend"; id: number } | { kind: "deployment-status"; id: number };

/** What the main thread answers. */
export type MainMessage = { kind: "spend-flushed"; id: number } | { kind: "deployment-status"; id: number; status: DeploymentStatusSnapshot };
