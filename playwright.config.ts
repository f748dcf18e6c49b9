import { defineConfig } from "@playwright/test";

// E2E_PORT lets two runs (or a run and a developer) share the machine.
const port = Number(process.env.E2E_PORT ?? 4310);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      // Debian's chromium: Playwright cannot download its own browser on this network.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    screenshot: "only-on-failure",
  },
  webServer: {
    command: `node e2e/fixtures/start-e2e-gateway.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/health/readiness`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
  },
});
