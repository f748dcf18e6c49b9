import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import { RequestTiming } from "../timing";

/** The Web door: Next.js route handlers and tests hand the gateway a standard Request. */
export function fromWebRequest(request: Request): GatewayRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    query: url.searchParams,
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: async (limit) => {
      const declared = Number(request.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
      const body = Buffer.from(await request.arrayBuffer());
      if (body.length > limit) throw tooLarge(limit);
      return body;
    },
    signal: request.signal,
    timing: new RequestTiming(),
  };
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError("request_too_large", `The request body is larger than the limit of ${limit} bytes`);
}

export function toWebResponse(response: GatewayResponse): Response {
  const { body } = response;
  if (body === null || typeof body === "string" || body instanceof Uint8Array) {
    return new Response(body as BodyInit | null, { status: response.status, headers: response.headers });
  }
  const encoder = new TextEncoder();
  const iterator = body[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return new Response(stream, { status: response.status, headers: response.headers });
}
