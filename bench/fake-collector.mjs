// An OTLP/HTTP collector for the benchmark's --otel row: takes trace exports (protobuf or JSON) and counts the
// spans in them, so the run can show that the spans it paid for were delivered.
// Run standalone: node bench/fake-collector.mjs  (prints "listening on http://..."); GET /count answers the total.
import { createServer } from "node:http";
import protobuf from "protobufjs";

// Enough of OTLP's trace proto to count spans in an http/protobuf export (each span left as bytes).
const exportRequest = protobuf
  .parse(
    `syntax = "proto3";
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { repeated ScopeSpans scope_spans = 2; }
message ScopeSpans { repeated bytes spans = 2; }`,
  )
  .root.lookupType("ExportTraceServiceRequest");

let spans = 0;
let exports = 0;
const server = createServer((request, response) => {
  if (request.method === "GET") {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ spans, exports }));
    return;
  }
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const bytes = Buffer.concat(chunks);
    const body = request.headers["content-type"] === "application/x-protobuf" ? exportRequest.toObject(exportRequest.decode(bytes)) : JSON.parse(bytes.toString("utf8"));
    for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans += (scope.spans ?? []).length;
    exports++;
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
