import type { Logger } from "pino";
import { CostMap } from "../pricing/cost-map";
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
 * Versions activated by another instance arrive two ways: a change notification (Redis), which
 * starts the switch at once and holds new requests until it is done (`switched`), and a poll of
 * the one state row every second, which bounds the delay without Redis.
 */
export class ActiveCostMap implements CurrentCostMap {
  private active: ActiveVersion;
  private timer: NodeJS.Timeout | undefined;
  private switching: Promise<void> | undefined;

  private constructor(
    private readonly store: CostMapStore,
    private readonly log: Logger,
  ) {
    this.active = { versionId: 0, map: new CostMap({}), modelCount: 0, source: "none" };
  }

  static async open(store: CostMapStore, log: Logger, versionId: number): Promise<ActiveCostMap> {
    const active = new ActiveCostMap(store, log);
    await active.load(versionId);
    return active;
  }

  /** A version this instance has just stored and parsed itself. */
  static opened(store: CostMapStore, log: Logger, version: { versionId: number; raw: Record<string, unknown>; modelCount: number; source: string }): ActiveCostMap {
    const active = new ActiveCostMap(store, log);
    active.active = { versionId: version.versionId, map: new CostMap(version.raw), modelCount: version.modelCount, source: version.source };
    return active;
  }

  current(): ActiveVersion {
    return this.active;
  }

  /** Pending while a switch this instance has heard of is loading; requests wait for it. */
  switched(): Promise<void> | undefined {
    return this.switching;
  }

  /** Loads and swaps in a stored version; the content is compiled before the swap, never after. */
  async load(versionId: number): Promise<ActiveVersion> {
    const row = await this.store.version(versionId);
    if (!row) throw new Error(`cost-map version ${versionId} does not exist`);
    const map = new CostMap(JSON.parse(row.content) as Record<string, unknown>);
    this.active = { versionId, map, modelCount: row.modelCount, source: row.source };
    return this.active;
  }

  /** Another instance activated `versionId`: switch now, holding requests until the new map is in. */
  activatedElsewhere(versionId: number): Promise<void> {
    if (versionId === this.active.versionId) return this.switching ?? Promise.resolve();
    return this.switchTo(versionId);
  }

  async sync(): Promise<void> {
    try {
      const state = await this.store.state();
      if (state && state.activeVersionId !== this.active.versionId) await this.switchTo(state.activeVersionId);
    } catch (error) {
      this.log.error({ err: error }, "cost map: could not check the active version; keeping the current one");
    }
  }

  /** Within a second, every instance serves the version the database says is active. */
  watch(intervalMs = 1000): void {
    this.timer ??= setInterval(() => void this.sync(), intervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private switchTo(versionId: number): Promise<void> {
    const previous = this.switching ?? Promise.resolve();
    const switching = previous
      .then(() => (versionId === this.active.versionId ? undefined : this.load(versionId)))
      .then(
        (loaded) => {
          if (loaded) this.log.info({ versionId }, "cost map: switched to the version activated elsewhere");
        },
        (error: unknown) => this.log.error({ err: error, versionId }, "cost map: could not load the version activated elsewhere; keeping the current one"),
      )
      .finally(() => {
        if (this.switching === switching) this.switching = undefined;
      });
    this.switching = switching;
    return switching;
  }
}
