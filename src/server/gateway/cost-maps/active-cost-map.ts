import type { Logger } from "pino";
import { CostMap } from "../cost/cost-map";
import type { CostMapStore } from "./cost-map-store";

export interface ActiveVersion {
  versionId: number;
  map: CostMap;
  modelCount: number;
  source: string;
}

/** Whatever can say which cost map is current: the live one, or a fixed one in tests. */
export interface CurrentCostMap {
  current(): ActiveVersion;
}

/**
 * The cost map requests are priced and resolved with. Switching versions replaces one reference,
 * so a request in flight keeps the version it started with and the next one sees the new one.
 * `sync` notices a version another instance activated (one indexed read of one row).
 */
export class ActiveCostMap implements CurrentCostMap {
  private active: ActiveVersion;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly store: CostMapStore,
    private readonly log: Logger,
  ) {
    this.active = { versionId: 0, map: new CostMap({}), modelCount: 0, source: "none" };
  }

  static open(store: CostMapStore, log: Logger, versionId: number): ActiveCostMap {
    const active = new ActiveCostMap(store, log);
    active.load(versionId);
    return active;
  }

  current(): ActiveVersion {
    return this.active;
  }

  /** Loads and swaps in a stored version; the content is compiled before the swap, never after. */
  load(versionId: number): ActiveVersion {
    const row = this.store.version(versionId);
    if (!row) throw new Error(`cost-map version ${versionId} does not exist`);
    const map = new CostMap(JSON.parse(row.content) as Record<string, unknown>);
    this.active = { versionId, map, modelCount: row.modelCount, source: row.source };
    return this.active;
  }

  sync(): void {
    try {
      const state = this.store.state();
      if (state && state.activeVersionId !== this.active.versionId) {
        this.load(state.activeVersionId);
        this.log.info({ versionId: state.activeVersionId }, "cost map: switched to the version activated elsewhere");
      }
    } catch (error) {
      this.log.error({ err: error }, "cost map: could not check the active version; keeping the current one");
    }
  }

  /** Within a second, every instance serves the version the database says is active. */
  watch(intervalMs = 1000): void {
    this.timer ??= setInterval(() => this.sync(), intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
