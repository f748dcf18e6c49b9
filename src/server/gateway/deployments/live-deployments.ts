import type { Logger } from "pino";
import type { Deployment } from "../../config/types";
import type { ModelDeploymentRow } from "../../db/schema";
import { compileStoredEntry, type CompileSources } from "./compile-stored-deployment";
import type { DeploymentStore } from "./deployment-store";

/** A stored deployment as this instance holds it: compiled, or why it cannot be served here. */
export interface StoredDeploymentState {
  row: ModelDeploymentRow;
  deployment?: Deployment;
  problem?: string;
}

/**
 * The deployments this instance routes to: config.yaml's, then the stored ones that compile and
 * are not disabled. `sync` reads the table, recompiles only rows whose revision moved, and
 * installs the new set in one synchronous step (`install`), so a request never sees half a
 * change. Changes reach it two ways: a change notification (Redis, or the other thread of this
 * process) starts a sync at once; a poll of (id, revision) pairs every half second bounds the
 * delay without one.
 */
export class LiveDeployments {
  private stored = new Map<string, StoredDeploymentState>();
  private syncing: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      store: DeploymentStore;
      configDeployments: readonly Deployment[];
      sources: CompileSources;
      install: (deployments: readonly Deployment[]) => void;
      log: Logger;
    },
  ) {}

  get store(): DeploymentStore {
    return this.options.store;
  }

  get sources(): CompileSources {
    return this.options.sources;
  }

  get configDeployments(): readonly Deployment[] {
    return this.options.configDeployments;
  }

  /** Every stored row this instance knows of, in the table's order. */
  storedStates(): StoredDeploymentState[] {
    return [...this.stored.values()];
  }

  storedState(id: string): StoredDeploymentState | undefined {
    return this.stored.get(id);
  }

  /** Reads the table and installs what changed; concurrent calls share one run, and a call during a run gets another after it. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        await this.syncOnce();
      } while (this.again);
    };
    this.syncing = run().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  /** A sync that logs instead of rejecting, for timers and notifications. */
  syncQuietly(): void {
    void this.sync().catch((error: unknown) => this.options.log.error({ err: error }, "stored deployments: could not read the table; keeping the current set"));
  }

  /** Half a second: with the read and the swap, a change made elsewhere is served here within a second. */
  watch(intervalMs = 500): void {
    this.timer ??= setInterval(() => this.syncQuietly(), intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async syncOnce(): Promise<void> {
    const revisions = await this.options.store.revisions();
    const unchanged = revisions.length === this.stored.size && revisions.every(({ id, revision }) => this.stored.get(id)?.row.revision === revision);
    if (unchanged) return;
    const rows = await this.options.store.rows();
    let changed = rows.length !== this.stored.size;
    const next = new Map<string, StoredDeploymentState>();
    for (const row of rows) {
      const known = this.stored.get(row.id);
      if (known && known.row.revision === row.revision) {
        next.set(row.id, known);
        continue;
      }
      changed = true;
      next.set(row.id, this.compile(row));
    }
    if (!changed) return;
    this.stored = next;
    const served = [...next.values()].flatMap((state) => (state.deployment && !state.row.disabled ? [state.deployment] : []));
    this.options.install([...this.options.configDeployments, ...served]);
  }

  private compile(row: ModelDeploymentRow): StoredDeploymentState {
    const opened = this.options.store.open(row);
    if (!opened.ok) {
      this.options.log.error({ deploymentId: row.id }, `stored deployment cannot be served: ${opened.reason}`);
      return { row, problem: opened.reason };
    }
    const compiled = compileStoredEntry(opened.entry, this.options.sources);
    if (!compiled.ok) {
      // Checked when written; a row that fails now was written by another version or by hand.
      this.options.log.error({ deploymentId: row.id, problems: compiled.problems }, "stored deployment cannot be served");
      return { row, problem: compiled.problems.join("; ") };
    }
    return { row, deployment: compiled.deployment };
  }
}
