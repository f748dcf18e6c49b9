import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Unit tests need nothing outside the repository: no database server, no Redis, no
          // files beside it. Tests that do are named *.integration.test.ts, next to their code.
          include: ["src/**/*.test.ts"],
          exclude: ["src/**/*.integration.test.ts"],
          environment: "node",
          benchmark: { include: ["bench/**/*.bench.ts"] },
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "src/**/*.integration.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own gateway processes; two cores cannot run many at once.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
