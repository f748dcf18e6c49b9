import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { builtinCostMapFile } from "../cost-maps/builtin-cost-map";

// The committed built-in map, found from this file (tests run from any folder). For tests only.

export const projectRoot = resolve(__dirname, "../../../..");
export const builtinFile = builtinCostMapFile(projectRoot);

let text: string | undefined;

export function builtinText(): string {
  return (text ??= readFileSync(builtinFile, "utf8"));
}

/** A fresh parse each call, so a test may change what it gets. */
export function readBuiltin(): Record<string, unknown> {
  return JSON.parse(builtinText()) as Record<string, unknown>;
}
