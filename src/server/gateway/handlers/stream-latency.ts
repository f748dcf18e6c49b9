import type { GatewayContext } from "../context";
import type { Lease } from "../routing/router";

/**
 * Times a relayed stream for latency-based routing, as LiteLLM does: from the attempt's start to
 * the first payload (time to first token) and to the end; recorded once the stream completes.
 */
export function streamLatency(ctx: GatewayContext, lease: Lease, forward: ((data: string) => void | Promise<void>) | undefined) {
  let firstTokenAt: number | undefined;
  return {
    onPayload(data: string): void | Promise<void> {
      firstTokenAt ??= ctx.now();
      return forward?.(data);
    },
    end(completionTokens: number | undefined): void {
      ctx.router.recordLatency(lease.deployment.id, { startedAt: lease.startedAt, endedAt: ctx.now(), firstTokenAt, completionTokens });
    },
  };
}
