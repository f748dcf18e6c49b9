import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "undici";

export class CostMapSourceError extends Error {
  constructor(
    readonly source: string,
    reason: string,
  ) {
    super(`could not load the cost map from ${source}: ${reason}`);
    this.name = "CostMapSourceError";
  }
}

export interface FetchOptions {
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

async function readOnce(source: string, timeoutMs: number): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const response = await request(source, { method: "GET", headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw new Error(`HTTP ${response.statusCode}`);
    return text;
  }
  const path = source.startsWith("file:") ? fileURLToPath(source) : resolve(source);
  return readFile(path, "utf8");
}

/** JSON.parse's message without its excerpt of the text, which could be any file's content. */
function syntaxProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `not JSON (${(error as Error).message.replace(/".*"/s, "…")})`;
  }
}

/**
 * Reads a cost map from an http(s) URL or a file path. Timeouts, HTTP errors and text that is
 * not JSON (a truncated download) are retried with exponential backoff, then reported.
 */
export async function fetchCostMapSource(source: string, options: FetchOptions = {}): Promise<string> {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  let problem = "no attempt made";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const text = await readOnce(source, options.timeoutMs ?? 15_000);
      const syntax = syntaxProblem(text);
      if (syntax === undefined) return text;
      problem = syntax;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = code ? `${code}` : (error as Error).message;
    }
    if (attempt < attempts) await new Promise((done) => setTimeout(done, backoffMs * 2 ** (attempt - 1)));
  }
  throw new CostMapSourceError(source, `${problem} (after ${attempts} attempts)`);
}
