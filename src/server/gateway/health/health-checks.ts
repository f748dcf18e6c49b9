import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { checkDeployment, type HealthCheckResult } from "./check-deployment";

/** Checks run at once; the rest wait, so a long model list does not open hundreds of connections together. */
const concurrency = 8;

async function mapLimited<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The latest health check of each deployment, kept in this instance's memory (as LiteLLM keeps
 * them per pod): from GET /health, the background checks, or a Test from the Models page.
 */
export class HealthChecks {
  private readonly latest = new Map<string, HealthCheckResult>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<HealthCheckResult[]> | undefined;
  private closed = false;

  constructor(private readonly ctx: () => GatewayContext) {}

  /** Every deployment (of `modelGroup` only, when given), checked now. */
  async checkAll(modelGroup?: string): Promise<HealthCheckResult[]> {
    const { router } = this.ctx();
    const groups = modelGroup === undefined ? router.modelGroups() : router.hasGroup(modelGroup) ? [modelGroup] : [];
    const deployments = groups.flatMap((group) => router.deploymentsOf(group));
    return mapLimited(deployments, concurrency, (deployment) => this.check(deployment));
  }

  async check(deployment: Deployment): Promise<HealthCheckResult> {
    const result = await checkDeployment(this.ctx(), deployment);
    this.latest.set(deployment.id, result);
    return result;
  }

  /** The latest results, of `modelGroup` only when given. */
  results(modelGroup?: string): HealthCheckResult[] {
    return [...this.latest.values()].filter((result) => modelGroup === undefined || result.modelGroup === modelGroup);
  }

  resultOf(deploymentId: string): HealthCheckResult | undefined {
    return this.latest.get(deploymentId);
  }

  /** LiteLLM's background loop: a round of checks, then `intervalSeconds` of rest, until closed. */
  startBackground(intervalSeconds: number): void {
    const round = () => {
      if (this.closed) return;
      this.running = this.checkAll();
      void this.running.finally(() => {
        this.running = undefined;
        if (this.closed) return;
        this.timer = setTimeout(round, intervalSeconds * 1000);
        this.timer.unref();
      });
    };
    round();
  }

  /** Resolves once the first background round (if one is running) has finished. */
  settled(): Promise<unknown> {
    return this.running ?? Promise.resolve();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }
}
