import { randomFillSync } from "node:crypto";
import { SpanStatusCode, TraceFlags, type Attributes, type AttributeValue } from "@opentelemetry/api";
import type { SpanRecord } from "./gen-ai-span";
import { ProtobufWriter } from "./protobuf-writer";

// OTLP/protobuf (opentelemetry-proto trace/v1; field numbers in the comments), written as each
// span is made: a batch is held as its bytes, not as span objects. The SDK's serializer walks
// span objects kept until export, re-encoding every attribute key of every span; measured here it
// was ~9 µs of the ~11 µs the otel callback cost a request. otlp-span-encoder.test.ts decodes
// what this writes beside what the SDK writes for the same spans.

/** A field longer than this (message contents, say) is not kept for the next span. */
const maxRememberedField = 256;
/** Keys past this many are encoded each time rather than kept: attribute keys are few in practice. */
const maxKnownKeys = 512;

const HAS_IS_REMOTE = 0x100;
const idBytes = 16 + 8;
const idsPerFill = 512;

interface KnownKey {
  /** KeyValue.key, encoded. */
  key: Uint8Array;
  /** The last primitive value written under this key, and the whole attributes field it made. */
  value: AttributeValue | undefined;
  encoded: Uint8Array | undefined;
  /** Spans in a row whose value differed: a key that changes every span (a request id) is not copied each time. */
  misses: number;
}

export class OtlpSpanEncoder {
  private readonly spans = new ProtobufWriter();
  private readonly keys = new Map<string, KnownKey>();
  /** ResourceSpans.resource and ScopeSpans.scope, encoded once. */
  private readonly resource: Uint8Array;
  private readonly scope: Uint8Array;
  private readonly headroom: number;
  private readonly ids = Buffer.allocUnsafe(idBytes * idsPerFill);
  private nextId = idsPerFill;
  /** Spans written since the last take. */
  count = 0;

  constructor(resourceAttributes: Attributes, scopeName: string) {
    const writer = new ProtobufWriter(4096);
    writer.tag(1, 2); // ResourceSpans.resource
    const resource = writer.begin();
    for (const key of Object.keys(resourceAttributes)) this.keyValue(writer, 1, key, resourceAttributes[key], false);
    writer.end(resource);
    this.resource = writer.take();
    writer.tag(1, 2); // ScopeSpans.scope
    const scope = writer.begin();
    writer.tag(1, 2);
    writer.string(scopeName);
    writer.end(scope);
    this.scope = writer.take();
    // The request's envelope, with its lengths, is written in front of the spans when the batch is taken.
    this.headroom = 2 * (1 + 5) + this.resource.length + this.scope.length;
    this.spans.skip(this.headroom);
  }

  /** One ended span, from epoch milliseconds; ids are random, as a new root span's are. */
  add(span: SpanRecord, startMs: number, endMs: number): void {
    const writer = this.spans;
    writer.tag(2, 2); // ScopeSpans.spans
    const mark = writer.begin(2);
    this.writeIds(writer);
    writer.tag(5, 2); // name
    writer.string(span.name);
    writer.tag(6, 0); // kind: OTLP keeps 0 for "unspecified", so the API's kinds are one more
    writer.varint(span.kind + 1);
    writer.tag(7, 1); // start_time_unix_nano
    fixed64Nanos(writer, startMs);
    writer.tag(8, 1); // end_time_unix_nano
    fixed64Nanos(writer, Math.max(endMs, startMs));
    const attributes = span.attributes;
    // for-in walks a plain object without making an array of its keys.
    for (const key in attributes) this.keyValue(writer, 9, key, attributes[key], true);
    writer.tag(15, 2); // status
    const status = writer.begin();
    if (span.status.message) {
      writer.tag(2, 2);
      writer.string(span.status.message);
    }
    if (span.status.code !== SpanStatusCode.UNSET) {
      writer.tag(3, 0);
      writer.varint(span.status.code);
    }
    writer.end(status);
    writer.tag(16, 5); // flags
    writer.fixed32(TraceFlags.SAMPLED | HAS_IS_REMOTE);
    writer.end(mark);
    this.count++;
  }

  /** The ExportTraceServiceRequest of the spans added since the last take; starts the next batch. */
  take(): Uint8Array {
    const scopeSpans = this.scope.length + this.spans.pos - this.headroom;
    const header = new ProtobufWriter(this.headroom);
    header.tag(1, 2); // resource_spans
    header.varint(this.resource.length + 1 + varintSize(scopeSpans) + scopeSpans);
    header.raw(this.resource);
    header.tag(2, 2); // ResourceSpans.scope_spans
    header.varint(scopeSpans);
    header.raw(this.scope);
    const bytes = this.spans.detach(this.headroom, header.take());
    this.spans.skip(this.headroom);
    this.count = 0;
    return bytes;
  }

  /** A batch's bytes, once sent: their buffer takes the next batch. */
  recycle(bytes: Uint8Array): void {
    this.spans.recycle(bytes);
  }

  /** trace_id and span_id, from random bytes drawn a few hundred spans at a time. */
  private writeIds(writer: ProtobufWriter): void {
    if (this.nextId === idsPerFill) {
      randomFillSync(this.ids);
      this.nextId = 0;
    }
    const offset = this.nextId++ * idBytes;
    writer.tag(1, 2);
    writer.bytes(this.ids, offset, 16);
    writer.tag(2, 2);
    writer.bytes(this.ids, offset + 16, 8);
  }

  /**
   * One KeyValue under `field`. Most of a span's attributes have the value the same key had in the
   * span before (the operation, the model, the deployment and its server): that whole field is
   * copied as it was encoded then.
   */
  private keyValue(writer: ProtobufWriter, field: number, key: string, value: AttributeValue | undefined, remember: boolean): void {
    let known = this.keys.get(key);
    if (known !== undefined && known.value === value && known.encoded !== undefined) {
      known.misses = 0;
      writer.raw(known.encoded);
      return;
    }
    const start = writer.pos;
    writer.tag(field, 2);
    const mark = writer.begin();
    if (known !== undefined) writer.raw(known.key);
    else {
      writer.tag(1, 2);
      writer.string(key);
    }
    writer.tag(2, 2); // KeyValue.value
    const anyValue = writer.begin();
    writeAnyValue(writer, value);
    writer.end(anyValue);
    writer.end(mark);
    if (!remember) return;
    if (known === undefined) {
      if (this.keys.size >= maxKnownKeys) return;
      known = { key: encodedKey(key), value: undefined, encoded: undefined, misses: 0 };
      this.keys.set(key, known);
    }
    // Only primitives (an array is a new object each time), and now and then for a key that keeps changing.
    const misses = known.misses++;
    if (misses > 1 && misses % 256 !== 0) return;
    const primitive = typeof value !== "object" && writer.pos - start <= maxRememberedField;
    known.value = primitive ? value : undefined;
    known.encoded = primitive ? writer.copy(start) : undefined;
  }
}

function writeAnyValue(writer: ProtobufWriter, value: AttributeValue | undefined | null): void {
  switch (typeof value) {
    case "string":
      writer.tag(1, 2);
      writer.string(value);
      return;
    case "boolean":
      writer.tag(2, 0);
      writer.varint(value ? 1 : 0);
      return;
    case "number":
      // int64 when it is one, as the SDK decides; else a double.
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        writer.tag(3, 0);
        writer.varint(value);
      } else {
        writer.tag(4, 1);
        writer.double(value);
      }
      return;
    case "object":
      if (Array.isArray(value)) {
        writer.tag(5, 2); // array_value
        const array = writer.begin();
        for (const item of value as readonly (string | number | boolean | null | undefined)[]) {
          writer.tag(1, 2); // ArrayValue.values
          const mark = writer.begin();
          writeAnyValue(writer, item);
          writer.end(mark);
        }
        writer.end(array);
      }
      return;
    default:
      // undefined: an empty AnyValue, as the SDK writes it.
      return;
  }
}

function encodedKey(key: string): Uint8Array {
  const writer = new ProtobufWriter(key.length * 3 + 8);
  writer.tag(1, 2);
  writer.string(key);
  return writer.take();
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** Epoch milliseconds as fixed64 nanoseconds, exactly: ms * 1e6 passes 2^53, so it is split. */
function fixed64Nanos(writer: ProtobufWriter, epochMs: number): void {
  const seconds = Math.floor(epochMs / 1000);
  const nanos = Math.round((epochMs - seconds * 1000) * 1e6);
  const low16 = (seconds % 0x10000) * 1e9; // < 2^46
  const high = Math.floor(seconds / 0x10000) * 1e9; // < 2^46, worth high * 2^16
  const sum = low16 + (high % 0x10000) * 0x10000 + nanos; // < 2^48: exact
  writer.fixed64(sum % 0x1_0000_0000, Math.floor(high / 0x10000) + Math.floor(sum / 0x1_0000_0000));
}
