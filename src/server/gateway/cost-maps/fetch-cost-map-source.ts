import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { guardedGet, OutboundRefusedError } from "../../security/guarded-get";
import type { OutboundAllowList } from "../../security/outbound-address";

/**
 * A source that could not be read (`unreachable`) or never gave JSON (`invalid`). `detail` says
 * why, for the operator's log and the operator's own source; what an admin typed gets only a
 * generic message, as the detail would tell which paths, ports and hosts exist.
 */
export class CostMapSourceError extends Error {
  constructor(
    readonly source: string,
    readonly kind: "unreachable" | "invalid",
    readonly detail: string,
  ) {
    super(`could not load the cost map from ${source}: ${detail}`);
    this.name = "CostMapSourceError";
  }
}

export interface FetchOptions {
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/**
 * Who gave the source: the operator (SWITCHYARD_COST_MAP_URL: any URL or a file path) or an
 * admin at run time (public http(s) addresses only, plus the operator's allow list).
 */
export type SourcePolicy = "operator" | OutboundAllowList;

const isHttp = (source: string) => /^https?:\/\//i.test(source);

async function readOnce(source: string, policy: SourcePolicy, timeoutMs: number): Promise<string> {
  if (isHttp(source) || policy !== "operator") {
    const { status, text } = await guardedGet(source, { policy, timeoutMs });
    if (status >= 400) throw new Error(`HTTP ${status}`);
    return text;
  }
  const path = source.startsWith("file:") ? fileURLToPath(source) : resolve(source);
  return readFile(path, "utf8");
}

/** Words for the errors a fetch or a read ends with offline, so a failed reload says what to check. */
const plainReasons: Record<string, string> = {
  ENOTFOUND: "the host name did not resolve; is there a network and DNS here?",
  EAI_AGAIN: "no name server answered; is there a network and DNS here?",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "the connection was reset",
  ENETUNREACH: "the network is unreachable; is there a network here?",
  EHOSTUNREACH: "no route to the host",
  ETIMEDOUT: "no connection in time",
  UND_ERR_CONNECT_TIMEOUT: "no connection in time",
  UND_ERR_HEADERS_TIMEOUT: "no answer in time",
  UND_ERR_BODY_TIMEOUT: "the answer stopped before its end",
  ENOENT: "no such file",
};

/** `ENOTFOUND: the host name did not resolve; ...`: the code for the log and search, words for a person. */
export function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return (error as Error).message;
  return plainReasons[code] ? `${code}: ${plainReasons[code]}` : code;
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
 * Reads a cost map from an http(s) URL or (the operator's) file path. Timeouts, HTTP errors and
 * text that is not JSON (a truncated download) are retried with exponential backoff, then
 * reported; a refused address is reported at once.
 */
export async function fetchCostMapSource(source: string, policy: SourcePolicy, options: FetchOptions = {}): Promise<string> {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  let problem = "no attempt made";
  let kind: CostMapSourceError["kind"] = "unreachable";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const text = await readOnce(source, policy, options.timeoutMs ?? 15_000);
      const syntax = syntaxProblem(text);
      if (syntax === undefined) return text;
      [problem, kind] = [syntax, "invalid"];
    } catch (error) {
      if (error instanceof OutboundRefusedError || (error as { cause?: unknown }).cause instanceof OutboundRefusedError) {
        throw new CostMapSourceError(source, "unreachable", `refused: ${(error as Error).message}`);
      }
      [problem, kind] = [describeFailure(error), "unreachable"];
    }
    if (attempt < attempts) await new Promise((done) => setTimeout(done, backoffMs * 2 ** (attempt - 1)));
  }
  throw new CostMapSourceError(source, kind, `${problem} (after ${attempts} attempt${attempts === 1 ? "" : "s"})`);
}
