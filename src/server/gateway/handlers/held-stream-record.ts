import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { holdStream } from "../guardrails/hold-stream";
import type { Operation } from "../providers/types";
import type { StreamContents } from "../observability/stream-contents";
import { recordRequest, type RequestRecord } from "../spend/record-request";
import type { RelayOptions } from "../stream/relay-stream";
import { recordStreamEnd } from "./proxy-steps";

type StreamEnd = Parameters<RelayOptions["onEnd"]>[0];

/**
 * The spend row of a streamed answer. Relayed as it comes: written when the stream ends. Held for
 * post_call checks: written once they have judged it, so a refused answer's row says what the
 * client got (a failure with the refusal's status) and still carries the tokens it cost.
 */
export function streamRecorder(ctx: GatewayContext, record: RequestRecord, deployment: Deployment, upstreamStatus: number, holding: boolean, contents?: StreamContents) {
  let ended: StreamEnd | undefined;
  return {
    onEnd(end: StreamEnd): void {
      if (holding) ended = end;
      else recordStreamEnd(ctx, record, deployment, upstreamStatus, end, contents);
    },
    async hold(stream: AsyncIterable<string>, operation: Operation, check: (text: string) => Promise<void>): Promise<AsyncIterable<string>> {
      try {
        const replay = await holdStream(stream, operation, check);
        recordStreamEnd(ctx, record, deployment, upstreamStatus, ended ?? { usage: undefined, completed: true }, contents);
        return replay;
      } catch (error) {
        const statusCode = error instanceof GatewayError ? error.status : 500;
        recordRequest(ctx, record, { deployment, usage: ended?.usage, status: "failure", statusCode, errorMessage: (error as Error).message });
        throw error;
      }
    },
  };
}
