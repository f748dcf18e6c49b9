// Bundles the production server (src/server/main.ts) into dist/switchyard.mjs. Dependencies stay
// external and load from node_modules; only our own TypeScript is compiled.
import { build } from "esbuild";

await build({
  entryPoints: ["src/server/main.ts"],
  outfile: "dist/switchyard.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
