import { connect } from "node:net";
import { Agent, request } from "undici";
import { expect } from "vitest";

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded. */
  path: string;
  /** A flat list allows repeated names: ["authorization", "a", "authorization", "b"]. */
  headers?: string[];
  body?: Buffer | string;
}

/** Sends requests over a keep-alive pool and counts them; undici, since fetch refuses much of what we send. */
export class FuzzClient {
  sent = 0;
  /** Answers by status, for the summary line. */
  readonly statuses = new Map<number, number>();
  private readonly agent = new Agent({ connections: 4, keepAliveTimeout: 10_000, headersTimeout: 30_000, bodyTimeout: 30_000 });

  constructor(readonly baseUrl: string) {}

  async send({ method, path, headers = [], body }: FuzzRequest): Promise<Answer> {
    this.sent++;
    if (path.length > 17_000) return this.sendOverSocket({ method, path, headers, body });
    const response = await request(this.baseUrl + path, { method: method as "GET", headers, body, dispatcher: this.agent });
    const text = await response.body.text();
    this.statuses.set(response.statusCode, (this.statuses.get(response.statusCode) ?? 0) + 1);
    // FUZZ_STATS=1 prints every answer, to see which routes the generated input actually reaches.
    if (process.env.FUZZ_STATS) console.log(`STAT ${method} ${path.split("?")[0].slice(0, 60)} ${response.statusCode} ${text.slice(0, 100)}`);
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) flat[name] = Array.isArray(value) ? value.join(", ") : String(value);
    return { status: response.statusCode, headers: flat, text };
  }

  /**
   * URLs past Node's 16 KiB header limit: the server answers 431 and closes before reading them,
   * so undici, still writing, sees only EPIPE. A raw socket reads the answer anyway.
   */
  private async sendOverSocket({ method, path, headers = [], body }: FuzzRequest): Promise<Answer> {
    const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
    for (let index = 0; index < headers.length; index += 2) lines.push(`${headers[index]}: ${headers[index + 1]}`);
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    if (body !== undefined) lines.push(`Content-Length: ${payload.length}`);
    const { responses } = await rawExchange(Number(new URL(this.baseUrl).port), Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), payload]));
    if (responses.length === 0) throw new Error(`no answer to a ${path.length}-character URL`);
    return responses[0];
  }

  /** After a property: health answers 200, and so does a valid chat request (returned for further checks). */
  async expectStillServing(key: string): Promise<Answer> {
    expect((await this.send({ method: "GET", path: "/health/liveliness" })).status).toBe(200);
    const chat = await this.send({
      method: "POST",
      path: "/v1/chat/completions",
      headers: ["authorization", `Bearer ${key}`, "content-type", "application/json"],
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "still here" }] }),
    });
    expect(chat.status).toBe(200);
    return chat;
  }

  /** "2xx 1234, 4xx 5678": what the answers were, for the summary line. */
  statusSummary(): string {
    const byClass = new Map<string, number>();
    for (const [status, count] of this.statuses) byClass.set(`${String(status)[0]}xx`, (byClass.get(`${String(status)[0]}xx`) ?? 0) + count);
    return [...byClass]
      .sort()
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export interface RawResult {
  responses: Answer[];
  /** Bytes after the last complete response (a response cut short). */
  leftover: string;
}

/** Splits what a server wrote into HTTP/1.1 responses (content-length, chunked, or until close). */
export function parseResponses(data: Buffer, closed: boolean): { responses: Answer[]; rest: Buffer; complete: boolean } {
  const responses: Answer[] = [];
  let offset = 0;
  for (;;) {
    const headEnd = data.indexOf("\r\n\r\n", offset);
    if (headEnd === -1) break;
    const [statusLine, ...lines] = data.subarray(offset, headEnd).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
    }
    let bodyStart = headEnd + 4;
    let body: Buffer;
    if (status === 100 || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
      const chunks: Buffer[] = [];
      let cursor = bodyStart;
      let done = false;
      for (;;) {
        const lineEnd = data.indexOf("\r\n", cursor);
        if (lineEnd === -1) break;
        const size = parseInt(data.subarray(cursor, lineEnd).toString("latin1"), 16);
        if (data.length < lineEnd + 2 + size + 2) break;
        chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
        if (size === 0) {
          done = true;
          break;
        }
      }
      if (!done) break;
      body = Buffer.concat(chunks);
      bodyStart = cursor;
    } else if (headers["content-length"] !== undefined) {
      const length = Number(headers["content-length"]);
      if (data.length < bodyStart + length) break;
      body = data.subarray(bodyStart, bodyStart + length);
      bodyStart += length;
    } else {
      if (!closed) break;
      body = data.subarray(bodyStart);
      bodyStart = data.length;
    }
    if (status !== 100) responses.push({ status, headers, text: body.toString("utf8") });
    offset = bodyStart;
  }
  const rest = data.subarray(offset);
  return { responses, rest, complete: responses.length > 0 && rest.length === 0 };
}

/**
 * Writes raw bytes to the server (for what no HTTP client will send: broken framing, bad header
 * bytes) and collects every response until the server closes, or shortly after a complete one.
 * `endAfterMs` half-closes our side, for requests that announce more body than they carry.
 */
export function rawExchange(port: number, bytes: Buffer, options: { endAfterMs?: number; timeoutMs?: number } = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let idle: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (closed: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      clearTimeout(deadline);
      socket.destroy();
      const { responses, rest } = parseResponses(data, closed);
      resolve({ responses, leftover: rest.toString("latin1") });
    };
    const deadline = setTimeout(() => finish(false), options.timeoutMs ?? 5_000);
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      clearTimeout(idle);
      if (parseResponses(data, false).complete) idle = setTimeout(() => finish(false), 80);
    });
    socket.on("error", () => finish(true));
    socket.on("close", () => finish(true));
    socket.write(bytes);
    if (options.endAfterMs !== undefined) setTimeout(() => socket.end(), options.endAfterMs);
  });
}

const stackTrace = /\bat .+\.(?:m?js|cjs|ts|tsx):\d+|node:internal|\n\s+at [\w.<]/;

/** What no answer may contain, whatever was asked: a secret or a stack trace. */
export function expectNothingLeaked(answer: Answer, secrets: readonly string[]) {
  const everything = `${answer.text}\n${Object.values(answer.headers).join("\n")}`;
  for (const secret of secrets) expect(everything, `a secret leaked in a ${answer.status} answer`).not.toContain(secret);
  expect(answer.text, "a stack trace in the answer").not.toMatch(stackTrace);
}

/** The Messages API's paths, whose errors are Anthropic's shape. */
const anthropicPath = /^(\/anthropic)?(\/v1)?\/messages(\/count_tokens)?(\?|$)/;

/**
 * A gateway answer: not a 5xx; every 4xx in OpenAI's error shape, or Anthropic's on the Messages
 * paths. Given no `path` (raw bytes the parser may refuse before any route), either shape, checked whole.
 */
export function expectGatewayAnswer(answer: Answer, secrets: readonly string[], options: { head?: boolean; path?: string } = {}) {
  expect(answer.status, `status ${answer.status}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
  expect(answer.status, `status ${answer.status}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expectNothingLeaked(answer, secrets);
  if (answer.status < 400 || options.head) return;
  let json: any;
  expect(() => (json = JSON.parse(answer.text)), `a ${answer.status} whose body is not JSON: ${JSON.stringify(answer.text.slice(0, 200))}`).not.toThrow();
  const anthropic = options.path === undefined ? json.type === "error" : anthropicPath.test(options.path);
  if (anthropic) {
    expect(Object.keys(json)).toEqual(["type", "error"]);
    expect(json.type).toBe("error");
    expect(Object.keys(json.error).sort()).toEqual(["message", "type"]);
    expect(typeof json.error.message).toBe("string");
    expect(typeof json.error.type).toBe("string");
    return;
  }
  expect(Object.keys(json)).toEqual(["error"]);
  expect(Object.keys(json.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(typeof json.error.message).toBe("string");
  expect(typeof json.error.type).toBe("string");
  expect(json.error.code === null || typeof json.error.code === "string").toBe(true);
  expect(json.error.param === null || typeof json.error.param === "string").toBe(true);
}
