import fc from "fast-check";
import { malformedJsonText } from "./fuzz-arbitraries";

/** Ways to frame a body on the wire, most of them wrong: lying, doubled or unparseable lengths, broken chunking. */
export const framings = [
  "exact",
  "none",
  "short",
  "long",
  "letters",
  "negative",
  "two-different",
  "two-same",
  "plus",
  "hex",
  "huge",
  "chunked",
  "bad-chunk",
  "unfinished-chunks",
  "length-and-chunked",
  "gzip-chunked",
  "identity",
  "padded",
] as const;

/** The framing headers and bytes; `incomplete` when the request announces more than it sends (the client must half-close). */
export function framed(framing: (typeof framings)[number], body: Buffer): { lines: string[]; payload: Buffer; incomplete: boolean } {
  const length = String(body.length);
  const chunked = (chunks: Buffer) => Buffer.concat([Buffer.from(`${chunks.length.toString(16)}\r\n`), chunks, Buffer.from("\r\n0\r\n\r\n")]);
  switch (framing) {
    case "exact":
      return { lines: [`Content-Length: ${length}`], payload: body, incomplete: false };
    case "none":
      return { lines: [], payload: body, incomplete: false };
    case "short":
      return { lines: [`Content-Length: ${Math.max(0, body.length - 3)}`], payload: body, incomplete: false };
    case "long":
      return { lines: [`Content-Length: ${body.length + 10}`], payload: body, incomplete: true };
    case "letters":
      return { lines: ["Content-Length: abc"], payload: body, incomplete: false };
    case "negative":
      return { lines: ["Content-Length: -1"], payload: body, incomplete: false };
    case "two-different":
      return { lines: [`Content-Length: ${length}`, `Content-Length: ${body.length + 1}`], payload: body, incomplete: false };
    case "two-same":
      return { lines: [`Content-Length: ${length}`, `Content-Length: ${length}`], payload: body, incomplete: false };
    case "plus":
      return { lines: [`Content-Length: +${length}`], payload: body, incomplete: false };
    case "hex":
      return { lines: [`Content-Length: 0x${body.length.toString(16)}`], payload: body, incomplete: false };
    case "huge":
      return { lines: ["Content-Length: 99999999999999999999"], payload: body, incomplete: true };
    case "chunked":
      return { lines: ["Transfer-Encoding: chunked"], payload: chunked(body), incomplete: false };
    case "bad-chunk":
      return { lines: ["Transfer-Encoding: chunked"], payload: Buffer.concat([Buffer.from("zz\r\n"), body, Buffer.from("\r\n0\r\n\r\n")]), incomplete: false };
    case "unfinished-chunks":
      return { lines: ["Transfer-Encoding: chunked"], payload: Buffer.concat([Buffer.from(`${(body.length + 5).toString(16)}\r\n`), body]), incomplete: true };
    case "length-and-chunked":
      return { lines: [`Content-Length: ${length}`, "Transfer-Encoding: chunked"], payload: chunked(body), incomplete: false };
    case "gzip-chunked":
      return { lines: ["Transfer-Encoding: gzip, chunked"], payload: chunked(body), incomplete: false };
    case "identity":
      return { lines: ["Transfer-Encoding: identity", `Content-Length: ${length}`], payload: body, incomplete: false };
    case "padded":
      return { lines: [`Content-Length:    ${length}   `], payload: body, incomplete: false };
  }
}

/** A raw HTTP/1.1 request to one of `paths` with abused headers: odd bearer forms, duplicates, NUL and CR bytes, bulk. */
export function wireRequestArb(masterKey: string, paths: string[]) {
  const authLine = fc.oneof(
    fc.constant(`Authorization: Bearer ${masterKey}`),
    fc.constantFrom(
      "",
      "Authorization: Bearer",
      "Authorization:",
      `Authorization: Bearer ${masterKey}\r\nAuthorization: Bearer sk-other-key-000`,
      `Authorization: Bearer sk-other-key-000\r\nAuthorization: Bearer ${masterKey}`,
      `Authorization: Bearer\r\n ${masterKey}`, // obsolete line folding
      `Authorization : Bearer ${masterKey}`,
      `Authorization: Bearer ${masterKey}\u0000`,
      "Authorization: Bearer sk-\u00ff\u00fe\u0080",
      "Authorization: Bearer sk-\u007f-del",
      `Authorization: Bearer ${"x".repeat(20_000)}`,
      `authorization:Bearer ${masterKey}`,
      `AUTHORIZATION: bearer ${masterKey}`,
      `Authorization: Bearer ${masterKey}\rX-Injected: yes`,
      `X-Api-Key: ${masterKey}`,
    ),
  );
  const bulk = fc.oneof(
    fc.integer({ min: 8_000, max: 40_000 }).map((size) => [`X-Big: ${"b".repeat(size)}`]),
    fc.integer({ min: 50, max: 2_500 }).map((count) => Array.from({ length: count }, (_, index) => `X-H${index}: v`)),
    fc.integer({ min: 50, max: 600 }).map((count) => Array.from({ length: count }, () => `Authorization: Bearer ${masterKey}`)),
  );
  return fc.record({
    method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom("GET", "POST", "DELETE") }, { weight: 1, arbitrary: fc.constantFrom("CONNECT", "get", "FOO", "", "POST POST") }),
    path: fc.constantFrom(...paths),
    target: fc.constantFrom("path", "absolute", "star", "space", "non-ascii", "nul"),
    version: fc.oneof({ weight: 6, arbitrary: fc.constant("HTTP/1.1") }, { weight: 1, arbitrary: fc.constantFrom("HTTP/1.0", "HTTP/1.7", "HTTP/2.0", "", "http/1.1", "HTTP/1.1 extra") }),
    host: fc.oneof({ weight: 6, arbitrary: fc.constant(["Host: 127.0.0.1"]) }, { weight: 1, arbitrary: fc.constantFrom([], ["Host: a", "Host: b"], ["Host:"], ["Host: \u00ff"]) }),
    auth: authLine,
    bulk: fc.option(bulk, { freq: 4 }),
    framing: fc.constantFrom(...framings),
    contentType: fc.constantFrom(
      "Content-Type: application/json",
      "Content-Type: application/json",
      "Content-Type: text/plain",
      "",
      "Content-Type: application/json\r\nContent-Type: text/plain",
    ),
    expectation: fc.constantFrom(null, null, null, "100-continue", "fly", ""),
    connection: fc.constantFrom("Connection: close", "Connection: close", "", "Connection: Upgrade\r\nUpgrade: websocket"),
    body: fc.oneof(fc.constant('{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}'), malformedJsonText, fc.constant("")),
    lineEnd: fc.constantFrom("\r\n", "\r\n", "\r\n", "\n"),
  });
}

export type WireRequest = ReturnType<typeof wireRequestArb> extends fc.Arbitrary<infer T> ? T : never;

/** The request's bytes, in latin1 so that every odd byte goes out as written. */
export function wireRequestBytes(input: WireRequest): { bytes: Buffer; incomplete: boolean } {
  const { path } = input;
  const target = { path, absolute: `http://evil.example${path}`, star: "*", space: `${path} x`, "non-ascii": `${path}\u00e9`, nul: `${path}\u0000` }[input.target];
  const { lines, payload, incomplete } = framed(input.framing, Buffer.from(input.body, "utf8"));
  const head = [
    `${input.method} ${target} ${input.version}`.trimEnd(),
    ...input.host,
    input.auth,
    input.contentType,
    input.connection,
    ...(input.expectation === null ? [] : [`Expect: ${input.expectation}`]),
    ...(input.bulk ?? []),
    ...lines,
  ].filter((line) => line !== "");
  return { bytes: Buffer.concat([Buffer.from(head.join(input.lineEnd) + input.lineEnd + input.lineEnd, "latin1"), payload]), incomplete };
}
