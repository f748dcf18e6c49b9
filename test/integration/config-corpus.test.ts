import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// LiteLLM's own 773 configs (shared/data/litellm-configs) through the built server's loader, as
// scripts/config-corpus.mjs measures them for docs/providers.md: no provider prefix that more
// than two of them use may refuse a config (Bedrock, Vertex AI and Gemini aside until they land),
// and no fewer start than when that was measured.
const root = resolve(__dirname, "../..");

describe("LiteLLM's configs", () => {
  it("start, but for prefixes few configs use and problems that are not about providers", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(root, "scripts/config-corpus.mjs"), "--json"], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    const summary = JSON.parse(stdout) as { total: number; started: number; refused: number; prefixesUsedInMoreThanTwoConfigsStillRefused: string[] };
    expect(summary.total).toBe(773);
    expect(summary.prefixesUsedInMoreThanTwoConfigsStillRefused).toEqual([]);
    expect(summary.started).toBeGreaterThanOrEqual(703);
  }, 120_000);
});
