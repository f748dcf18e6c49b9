import { createServer, type Server } from "node:http";
import { decodeOtlpTraces } from "./otlp-proto";

// A stand-in for an OTLP/HTTP collector and a generic_api webhook receiver, on 127.0.0.1 at an
// ephemeral port: it keeps every POST (path, headers, body: JSON, or OTLP protobuf decoded to its
// JSON form) and answers the statuses queued.

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeCollector {
  url: string;
  received: Received[];
  /** Statuses for the next requests, in order; then 200. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startFakeCollector(): Promise<FakeCollector> {
  const collector: FakeCollector = { url: "", received: [], statuses: [], close: async () => {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const bytes = Buffer.concat(chunks);
      const body = bytes.length === 0 ? undefined : request.headers["content-type"] === "application/x-protobuf" ? decodeOtlpTraces(bytes) : (JSON.parse(bytes.toString("utf8")) as unknown);
      collector.received.push({ path: request.url ?? "", headers: request.headers, body });
      const status = collector.statuses.shift() ?? 200;
      response.writeHead(status, { "content-type": "application/json" }).end(status === 200 ? "{}" : '{"error":"down"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  collector.url = `http://127.0.0.1:${port}`;
  collector.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return collector;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((attribute) => [attribute.key, valueOf(attribute.value)]));
}

export interface DecodedSpan {
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  resource: Record<string, unknown>;
}

/** The spans of one OTLP/HTTP JSON export request, attributes as plain values. */
export function spansOf(body: unknown): DecodedSpan[] {
  const resourceSpans = (body as { resourceSpans?: unknown[] }).resourceSpans ?? [];
  return resourceSpans.flatMap((entry) => {
    const { resource, scopeSpans } = entry as { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: unknown[] }[] };
    return (scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((raw) => {
        const span = raw as Omit<DecodedSpan, "attributes" | "resource"> & { attributes?: OtlpAttribute[] };
        return { ...span, attributes: attributesOf(span.attributes), resource: attributesOf(resource?.attributes), status: span.status ?? {} };
      }),
    );
  });
}
