import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SpanKind, SpanStatusCode, type AttributeValue, type Attributes } from "@opentelemetry/api";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { decodeOtlpTraces } from "../testing/otlp-proto";
import { FinishedSpan } from "./finished-span";
import type { SpanRecord } from "./gen-ai-span";
import { OtlpSpanEncoder } from "./otlp-span-encoder";

// The encoder is checked against the SDK's own serializer: both are decoded and must say the same,
// apart from the ids (random here, given there) and fields left at their proto3 defaults.

interface Timed {
  span: SpanRecord;
  startMs: number;
  endMs: number;
}

const resourceAttributes = { "service.name": "unit", "openinference.project.name": "p" };

type Decoded = { resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: Record<string, unknown>[] }[] }[] };

/** Without proto3 defaults (which one side writes and the other leaves out) and without ids. */
function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (value === null || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "traceId" || key === "spanId") continue;
    if (item === 0 || item === "0" || item === "" || item === false || (Array.isArray(item) && item.length === 0)) continue;
    result[key] = normalised(item);
  }
  return result;
}

function ours(spans: readonly Timed[], encoder = new OtlpSpanEncoder(resourceAttributes, "switchyard")): Decoded {
  for (const { span, startMs, endMs } of spans) encoder.add(span, startMs, endMs);
  expect(encoder.count).toBe(spans.length);
  return decodeOtlpTraces(encoder.take()) as Decoded;
}

function sdks(spans: readonly Timed[]): Decoded {
  const resource = resourceFromAttributes(resourceAttributes);
  const scope = { name: "switchyard" };
  const ids = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" };
  const finished = spans.map(({ span, startMs, endMs }) => new FinishedSpan(span, startMs, endMs, ids, resource, scope));
  return decodeOtlpTraces(ProtobufTraceSerializer.serializeRequest(finished)!) as Decoded;
}

const chat = (attributes: Attributes, status: SpanRecord["status"] = { code: SpanStatusCode.UNSET }): SpanRecord => ({ name: "chat gpt-4o", kind: SpanKind.CLIENT, attributes, status });

describe("OtlpSpanEncoder", () => {
  it("writes what the SDK's serializer writes for the gateway's spans, batch after batch", () => {
    const encoder = new OtlpSpanEncoder(resourceAttributes, "switchyard");
    const spans: Timed[] = [
      {
        span: chat({ "gen_ai.operation.name": "chat", "http.response.status_code": 200, "switchyard.cost_usd": 0.000123, "gen_ai.response.finish_reasons": ["stop"] }),
        startMs: 1_700_000_000_123,
        endMs: 1_700_000_000_456,
      },
      // The same keys with some values changed: remembered fields must not be reused for them.
      {
        span: chat({ "gen_ai.operation.name": "chat", "http.response.status_code": 429, "switchyard.cost_usd": 0.5, "gen_ai.response.finish_reasons": ["length", "stop"] }),
        startMs: 1_700_000_001_000.5,
        endMs: 1_700_000_001_000.25,
      },
      {
        span: chat({ "gen_ai.operation.name": "chat", "error.type": "RateLimitError" }, { code: SpanStatusCode.ERROR, message: "429 from the deployment" }),
        startMs: 4_102_444_800_000,
        endMs: 4_102_444_800_001,
      },
    ];
    for (let round = 0; round < 3; round++) expect(normalised(ours(spans, encoder))).toEqual(normalised(sdks(spans)));
  });

  it("gives every span its own 16-byte trace id and 8-byte span id", () => {
    const decoded = ours(Array.from({ length: 600 }, () => ({ span: chat({}), startMs: 1, endMs: 2 })));
    const spans = decoded.resourceSpans[0]!.scopeSpans[0]!.spans;
    const traceIds = new Set(spans.map((span) => span.traceId as string));
    expect(traceIds.size).toBe(600);
    for (const span of spans) {
      expect(Buffer.from(span.traceId as string, "base64")).toHaveLength(16);
      expect(Buffer.from(span.spanId as string, "base64")).toHaveLength(8);
    }
  });

  it("agrees with the SDK on any attribute values: unicode, long strings, negative and large integers, doubles, arrays", () => {
    const value: fc.Arbitrary<AttributeValue> = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 300 }),
      fc.string({ maxLength: 40 }),
      fc.boolean(),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double({ noNaN: true }),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
      fc.array(fc.integer(), { maxLength: 4 }),
    );
    const key = fc.constantFrom("a", "gen_ai.request.model", "switchyard.request_id", "ключ", "x".repeat(200));
    const span = fc.record({
      attributes: fc.dictionary(key, value, { maxKeys: 5 }),
      message: fc.option(fc.string({ unit: "grapheme", maxLength: 200 }), { nil: undefined }),
      startMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      duration: fc.integer({ min: -5, max: 600_000 }),
    });
    const encoder = new OtlpSpanEncoder(resourceAttributes, "switchyard");
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 8 }), (records) => {
        const spans = records.map(({ attributes, message, startMs, duration }) => ({
          span: chat(attributes, message === undefined ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message }),
          startMs,
          endMs: startMs + duration,
        }));
        expect(normalised(ours(spans, encoder))).toEqual(normalised(sdks(spans)));
      }),
      { numRuns: 300 },
    );
  });

  it("writes a batch larger than its first buffer", () => {
    const big = "é".repeat(70_000);
    const spans = Array.from({ length: 6 }, (_, index) => ({ span: chat({ "gen_ai.input.messages": big + index }), startMs: 1, endMs: 2 }));
    expect(normalised(ours(spans))).toEqual(normalised(sdks(spans)));
  });
});
