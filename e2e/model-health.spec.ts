import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const leakyKey = "sk-fail-leaky-e2e-0123456789";

// The Models page: per-deployment traffic and latency next to the router's state and the latest
// health check, and a Test button that makes one real call, all without a horizontal scrollbar
// at 1280 px. broken-e2e's fake provider answers 401 with the key in its message.
test("the Models page shows health columns and tests a deployment, errors minus secrets", async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const master = { authorization: `Bearer ${masterKey}` };
  expect((await request.post("/v1/chat/completions", { headers: master, data: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } })).status()).toBe(200);
  // GET /health runs on the instance serving traffic; the page shows its results.
  const health = await request.get("/health", { headers: master });
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ unhealthy_count: 1 });

  await signIn(page);
  await page.getByRole("link", { name: "Models" }).click();
  const gpt = page.getByRole("region", { name: "Model group gpt-4o" });
  const broken = page.getByRole("region", { name: "Model group broken-e2e" });
  for (const header of ["Requests / errors (5 min)", "p50 / p95", "Router", "Health check", "Test"]) {
    await expect(gpt.getByRole("columnheader", { name: header })).toBeVisible();
  }
  const gptRow = gpt.locator("tbody tr").first();
  await expect(gptRow).toContainText(/\d+ \/ \d+ ms/);
  await expect(gptRow).toContainText("healthy");
  const brokenRow = broken.locator("tbody tr").first();
  await expect(brokenRow).toContainText("unhealthy");
  await expect(brokenRow).toContainText("Incorrect API key provided: [redacted]");

  await gptRow.getByRole("button", { name: /^Test deployment/ }).click();
  await expect(gptRow).toContainText(/test passed \d+ ms/);
  await brokenRow.getByRole("button", { name: /^Test deployment/ }).click();
  await expect(brokenRow).toContainText("test failed HTTP 401");
  await expect(brokenRow.getByText("test failed")).toBeVisible();
  expect(await page.content()).not.toContain(leakyKey);

  // Nothing hides behind a horizontal scrollbar: neither the page nor any table scrolls sideways.
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tables: [...document.querySelectorAll(".table-wrap")].map((wrap) => wrap.scrollWidth - wrap.clientWidth),
  }));
  expect(overflow.page).toBeLessThanOrEqual(0);
  for (const extra of overflow.tables) expect(extra).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("models.png"), fullPage: true });
});
