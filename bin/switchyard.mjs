#!/usr/bin/env node
// The production server, built by `npm run build` (esbuild bundles src/server/main.ts).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";

// Next.js telemetry would try to reach the internet from a server that should not.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const bundle = new URL("../dist/switchyard.mjs", import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  console.error("switchyard: dist/switchyard.mjs is missing; run `npm run build` first.");
  process.exit(1);
}
// Start-up's one-off allocations must not grow V8's young generation for good; the server lets it
// grow again once it listens (src/server/young-generation.ts).
try {
  setFlagsFromString("--semi-space-growth-factor=1");
} catch {
  // Only memory is lost.
}
await import(bundle.href);
