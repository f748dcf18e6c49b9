import type { UpstreamAnswer } from "../handlers/call-upstream";

/**
 * Waits for the during_call checks that ran beside the call. If one refuses, the answer is
 * dropped (a stream's upstream request aborted, the deployment's lease given back) and the
 * refusal thrown in its place.
 */
export async function holdForChecks(during: Promise<void>, lease: { release(): void }, upstream: UpstreamAnswer): Promise<void> {
  try {
    await during;
  } catch (error) {
    if (upstream.streamed) upstream.response.body.destroy();
    lease.release();
    throw error;
  }
}
