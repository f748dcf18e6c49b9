import { TraceFlags, type HrTime, type Link, type SpanContext } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan, TimedEvent } from "@opentelemetry/sdk-trace-base";
import type { SpanRecord } from "./gen-ai-span";

// A request that has finished is a span that has ended: it is handed to the SDK's batch
// processor as one, rather than started and ended through a Tracer, whose bookkeeping (checking
// each attribute twice, clocks, a live span object) is for work still under way.

function hrTimeOf(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  return [seconds, Math.round((epochMs - seconds * 1000) * 1e6)];
}

const noLinks: Link[] = [];
const noEvents: TimedEvent[] = [];

export class FinishedSpan implements ReadableSpan {
  readonly name: string;
  readonly kind: SpanRecord["kind"];
  readonly attributes: SpanRecord["attributes"];
  readonly status: SpanRecord["status"];
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly links = noLinks;
  readonly events = noEvents;
  readonly ended = true;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  private readonly context: SpanContext;

  constructor(
    record: SpanRecord,
    startMs: number,
    endMs: number,
    ids: { traceId: string; spanId: string },
    readonly resource: Resource,
    readonly instrumentationScope: InstrumentationScope,
  ) {
    this.name = record.name;
    this.kind = record.kind;
    this.attributes = record.attributes;
    this.status = record.status;
    this.startTime = hrTimeOf(startMs);
    this.endTime = hrTimeOf(Math.max(endMs, startMs));
    this.duration = hrTimeOf(Math.max(endMs - startMs, 0));
    this.context = { traceId: ids.traceId, spanId: ids.spanId, traceFlags: TraceFlags.SAMPLED };
  }

  spanContext(): SpanContext {
    return this.context;
  }
}
