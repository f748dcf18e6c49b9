import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const asAdmin = { authorization: "Bearer sk-e2e-master-key-0123456789" };

test("request logs: filter, page through, open a request, download the filtered CSV", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const teamAlias = `Logs team ${suffix}`;
  const team = await request.post("/team/new", { headers: asAdmin, data: { team_alias: teamAlias } });
  const { team_id: teamId } = (await team.json()) as { team_id: string };
  const generated = await request.post("/key/generate", { headers: asAdmin, data: { team_id: teamId, key_alias: `logs-key-${suffix}` } });
  const { key } = (await generated.json()) as { key: string };
  const asKey = { authorization: `Bearer ${key}` };
  // 52 requests: more than a page of 50.
  for (let index = 0; index < 51; index++) {
    const response = await request.post("/v1/chat/completions", { headers: asKey, data: { model: "gpt-4o", messages: [{ role: "user", content: `hello ${index}` }] } });
    expect(response.status()).toBe(200);
  }
  const tagged = await request.post("/v1/chat/completions", {
    headers: { ...asKey, "x-litellm-tags": "nightly" },
    data: { model: "claude", messages: [{ role: "user", content: "tagged" }] },
  });
  expect(tagged.status()).toBe(200);
  const requestId = tagged.headers()["x-switchyard-request-id"];

  await signIn(page);
  await page.getByRole("link", { name: "Request logs", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Request logs", level: 1 })).toBeVisible();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: teamAlias });
  const table = page.getByRole("table", { name: "Requests, newest first" });
  await expect(table.getByRole("row")).toHaveCount(51); // header + 50

  // Page through: the second page holds the rest, then back.
  await page.getByRole("button", { name: "Older" }).click();
  await expect(page.getByText("Page 2")).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Older" })).toBeDisabled();
  await page.getByRole("button", { name: "Newer" }).click();
  await expect(table.getByRole("row")).toHaveCount(51);

  // Filter by model, then by tag: the one claude request.
  await page.getByLabel("Model", { exact: true }).fill("claude");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Model", { exact: true }).fill("");
  await page.getByLabel("Tag", { exact: true }).fill("nightly");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(table.getByRole("row")).toHaveCount(2);

  // The detail panel: tokens, deployment, tags, cost.
  await table.getByRole("button", { name: `Details of ${requestId}` }).click();
  const detail = page.getByRole("complementary", { name: "Request detail" });
  await expect(detail).toContainText(requestId);
  await expect(detail).toContainText("claude");
  await expect(detail).toContainText("nightly");
  await expect(detail).toContainText(/Tokens in\s*\d+/);
  await page.screenshot({ path: testInfo.outputPath("logs.png"), fullPage: true });

  // CSV under the same filters: the header and the one tagged request.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toMatch(/^request_id,start_time,/);
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(requestId);
  expect(csv[1]).toContain("nightly");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("logs-phone.png"), fullPage: true });
});
