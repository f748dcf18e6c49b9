#!/usr/bin/env node
// The production server, built by `npm run build` (esbuild bundles src/server/main.ts).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Next.js telemetry would try to reach the internet from a server that should not.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const bundle = new URL("../dist/switchyard.mjs", import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  console.error("switchyard: dist/switchyard.mjs is missing; run `npm run build` first.");
  process.exit(1);
}
await import(bundle.href);
