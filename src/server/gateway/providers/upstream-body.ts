import type { Dispatcher } from "undici";
import { errors as undiciErrors } from "undici";

/** What the relay needs of a streamed body: its chunks in order, and a way to stop the upstream. */
export interface StreamedBody extends AsyncIterable<Uint8Array> {
  destroy(): void;
}

/**
 * A streamed upstream body fed by an undici dispatch handler: chunks queue here as they arrive
 * and one consumer takes them. Cheaper per stream than the Readable that undici's `request()`
 * builds and its async iterator (listeners, end-of-stream wiring, a promise per read). More than
 * `highWaterMark` bytes waiting pauses the upstream connection until the consumer catches up.
 */
export class UpstreamBody implements StreamedBody, AsyncIterator<Buffer> {
  private readonly chunks: Buffer[] = [];
  private queuedBytes = 0;
  private paused = false;
  private ended = false;
  private destroyed = false;
  private failure: Error | undefined;
  private waiting: { resolve(result: IteratorResult<Buffer>): void; reject(error: Error): void } | undefined;

  constructor(
    private readonly controller: Dispatcher.DispatchController,
    private readonly highWaterMark = 64 * 1024,
  ) {}

  /** From the handler: a chunk arrived. */
  push(chunk: Buffer): void {
    if (this.destroyed) return;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting.resolve({ value: chunk, done: false });
      return;
    }
    this.chunks.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes >= this.highWaterMark && !this.paused) {
      this.paused = true;
      this.controller.pause();
    }
  }

  /** From the handler: the body is complete. */
  end(): void {
    this.ended = true;
    this.settleWaiting();
  }

  /** From the handler: the body broke off (or was aborted). */
  fail(error: Error): void {
    if (this.ended || this.destroyed) return;
    this.failure = error;
    this.settleWaiting();
  }

  next(): Promise<IteratorResult<Buffer>> {
    const chunk = this.chunks.shift();
    if (chunk) {
      this.queuedBytes -= chunk.length;
      if (this.paused && this.queuedBytes < this.highWaterMark / 2) {
        this.paused = false;
        this.controller.resume();
      }
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended || this.destroyed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Buffer>> {
    this.destroy();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this;
  }

  /** Stops reading: the upstream request is aborted unless the body had already ended. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.chunks.length = 0;
    if (!this.ended && !this.failure) this.controller.abort(new undiciErrors.RequestAbortedError());
    this.settleWaiting();
  }

  /** The whole body as text (an error answer, read to report it). */
  async text(): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of this) parts.push(chunk);
    return Buffer.concat(parts).toString("utf8");
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    if (this.failure) waiting.reject(this.failure);
    else waiting.resolve({ value: undefined, done: true });
  }
}
