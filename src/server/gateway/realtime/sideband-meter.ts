import type { LookupFunction } from "node:net";
import WebSocket from "ws";
import { refusesLiteral } from "../../security/outbound-address";
import { checkedLookup, OutboundRefusedError } from "../../security/guarded-get";
import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import type { Usage } from "../pricing/usage";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import { checkBudget } from "../limits/check-budget";
import { recordRequest } from "../spend/record-request";
import { hangupRequest, sidebandTarget } from "./realtime-endpoints";

export interface MeteredCall {
  callId: string;
  deployment: Deployment;
  principal: Principal;
  model: string;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

/** A `response.done` usage as the provider sends it: parsed JSON, so each count is checked by `count`. */
interface RawRealtimeUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
  input_token_details?: { cached_tokens?: unknown; audio_tokens?: unknown } | null;
  output_token_details?: { audio_tokens?: unknown } | null;
}

/** Realtime usage (`input_token_details`, singular) in the gateway's terms. */
export function realtimeUsage(raw: RawRealtimeUsage | undefined): Usage | undefined {
  if (!raw) return undefined;
  const input = raw.input_token_details ?? {};
  const output = raw.output_token_details ?? {};
  return {
    promptTokens: count(raw.input_tokens),
    completionTokens: count(raw.output_tokens),
    cachedTokens: count(input.cached_tokens),
    cacheCreationTokens: 0,
    reasoningTokens: 0,
    audioPromptTokens: count(input.audio_tokens),
    audioCompletionTokens: count(output.audio_tokens),
  };
}

/**
 * Audio flows browser <-> provider, so the gateway meters a WebRTC call from the side: it opens
 * the provider's server-side WebSocket to the call with the deployment's real key, prices each
 * `response.done`, and hangs the call up once the key's budget is spent. A sideband that fails
 * never touches the call itself; it is logged and counted.
 */
export class SidebandMeter {
  readonly stats = { opened: 0, failed: 0, responses: 0, hungUp: 0 };
  private readonly sockets = new Set<WebSocket>();

  /** Lazily, because the context holds the meter too. */
  constructor(private readonly context: () => GatewayContext) {}

  private get ctx(): GatewayContext {
    return this.context();
  }

  watch(call: MeteredCall): void {
    const { url, headers } = sidebandTarget(call.deployment, call.callId);
    let lookup: LookupFunction | undefined;
    if (call.deployment.storedApiBase) {
      // A stored credential's endpoint is reached only at allowed addresses, as its calls are.
      const allowed = this.ctx.credentials.allowedHosts;
      if (refusesLiteral(allowed, new URL(url).hostname)) return this.failed(call, new OutboundRefusedError("the sideband's host is an internal address"));
      lookup = checkedLookup(allowed);
    }
    const socket = new WebSocket(url, { headers, handshakeTimeout: 10_000, ...(lookup && { lookup }) });
    this.sockets.add(socket);
    socket.on("open", () => this.stats.opened++);
    socket.on("message", (data) => void this.onMessage(call, socket, data.toString()).catch((error) => this.ctx.log.error({ err: error }, "realtime sideband: could not meter an event")));
    socket.on("error", (error) => this.failed(call, error));
    socket.on("close", () => this.sockets.delete(socket));
  }

  private failed(call: MeteredCall, error: Error): void {
    this.stats.failed++;
    this.ctx.log.warn({ err: error, callId: call.callId }, "realtime sideband failed; the call goes on unmetered");
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }

  private async onMessage(call: MeteredCall, socket: WebSocket, text: string): Promise<void> {
    let event: { type?: string; response?: { usage?: RawRealtimeUsage } };
    try {
      event = JSON.parse(text);
    } catch {
      return;
    }
    if (event.type !== "response.done") return;
    this.stats.responses++;
    const now = this.ctx.now();
    recordRequest(
      this.ctx,
      { requestId: `${call.callId}:${this.stats.responses}:${now}`, principal: call.principal, operation: "realtime.response", model: call.model, startTime: now },
      { deployment: call.deployment, usage: realtimeUsage(event.response?.usage), status: "success", statusCode: 200 },
    );
    if (await this.budgetSpent(call.principal)) void this.hangUp(call, socket);
  }

  private async budgetSpent(principal: Principal): Promise<boolean> {
    if (principal.kind !== "key") return false;
    const key = await this.ctx.keys.findKey(principal.key.token);
    if (!key) return true; // deleted since: its calls end
    try {
      checkBudget({ kind: "key", key, team: key.teamId ? await this.ctx.keys.findTeam(key.teamId) : undefined }, this.ctx.spend);
      return false;
    } catch (error) {
      if (error instanceof GatewayError && error.code === "budget_exceeded") return true;
      throw error;
    }
  }

  private async hangUp(call: MeteredCall, socket: WebSocket): Promise<void> {
    try {
      const response = await this.ctx.upstream.send(hangupRequest(call.deployment, call.callId), { timeoutMs: 10_000, checkAddresses: call.deployment.storedApiBase });
      response.body.resume(); // nothing to read; free the connection
      this.stats.hungUp++;
      this.ctx.log.info({ callId: call.callId }, "realtime call hung up: the key's budget is spent");
    } catch (error) {
      this.ctx.log.error({ err: error, callId: call.callId }, "could not hang up a realtime call over budget");
    } finally {
      socket.close();
    }
  }
}
