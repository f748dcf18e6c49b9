import type { Logger } from "pino";
import type { CallbackEvents, Deployment } from "../../config/types";
import type { Usage } from "../pricing/usage";
import type { JsonObject } from "../providers/types";
import type { CallType } from "../spend/record-request";

/**
 * One gateway request, once it has finished (answered, failed, or its stream ended), with what the
 * request path already had at hand: nothing here is computed for the observers.
 */
export interface FinishedRequest {
  requestId: string;
  operation: CallType;
  /** The model the client named (a group, an alias, or a wildcard's concrete name). */
  model: string;
  deployment?: Deployment;
  usage?: Usage;
  /** USD, when the cost map prices it. */
  cost?: number;
  status: "success" | "failure";
  statusCode: number;
  /** A short, low-cardinality name of the failure (a GatewayError code, the provider's error code or type). */
  errorType?: string;
  errorMessage?: string;
  /** Epoch milliseconds. */
  startTime: number;
  endTime: number;
  streamed: boolean;
  /** How the deployment was bound (x-switchyard-affinity), when it was. */
  affinity?: string;
  /** How many fallbacks were tried (x-litellm-attempted-fallbacks). */
  attemptedFallbacks: number;
  teamId?: string;
  keyAlias?: string;
  /** The key's hash, as spend rows keep it; never the key. */
  keyHash?: string;
  /** The body as sent to the deployment (guardrails applied); contents only leave when message logging is on. */
  body?: JsonObject;
  /** A whole answer as the client got it (OpenAI's or Anthropic's shape); absent for streams and failures. */
  answer?: unknown;
}

/** An exporter: hears of finished requests on the request path, so it only queues; sends later, in batches. */
export interface RequestObserver {
  readonly name: string;
  readonly events: CallbackEvents;
  /** Must not throw or wait: the request is still being answered. */
  finished(request: FinishedRequest): void;
  /** Sends whatever is queued (graceful shutdown), then stops. */
  close(): Promise<void>;
}

/** Every configured exporter, each told only of the outcomes it asked for (callbacks, success_callback, failure_callback). */
export class RequestObservers {
  readonly active: boolean;

  constructor(
    private readonly observers: readonly RequestObserver[],
    private readonly log: Logger,
  ) {
    this.active = observers.length > 0;
  }

  finished(request: FinishedRequest): void {
    const success = request.status === "success";
    for (const observer of this.observers) {
      if (success ? !observer.events.success : !observer.events.failure) continue;
      try {
        observer.finished(request);
      } catch (error) {
        // An exporter's fault never becomes the request's.
        this.log.error({ err: error, callback: observer.name, requestId: request.requestId }, "callback could not take a finished request");
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.observers.map((observer) => observer.close().catch((error: unknown) => this.log.error({ err: error, callback: observer.name }, "callback could not flush at shutdown"))),
    );
  }
}
