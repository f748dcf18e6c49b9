// Bundles the production server (src/server/main.ts) into dist/switchyard.mjs, and the
// dashboard thread's entry into dist/dashboard-worker.mjs. Dependencies stay
// external and load from node_modules; only our own TypeScript is compiled.
import { build } from "esbuild";

await build({
  // The dashboard runs Next.js in a worker thread of its own (src/server/dashboard).
  entryPoints: { switchyard: "src/server/main.ts", "dashboard-worker": "src/server/dashboard/dashboard-worker.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
