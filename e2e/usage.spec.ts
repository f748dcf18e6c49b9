import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const asAdmin = { authorization: "Bearer sk-e2e-master-key-0123456789" };

test("usage: tokens by kind and requests per day, by model and tag, in a chosen time zone, and as CSV", async ({ page, request }, testInfo) => {
  const suffix = Date.now().toString(36);
  const teamAlias = `Usage team ${suffix}`;
  const team = await request.post("/team/new", { headers: asAdmin, data: { team_alias: teamAlias } });
  const { team_id: teamId } = (await team.json()) as { team_id: string };
  const generated = await request.post("/key/generate", { headers: asAdmin, data: { team_id: teamId, key_alias: `usage-key-${suffix}` } });
  const { key } = (await generated.json()) as { key: string };
  for (const [model, tags] of [
    ["gpt-4o", "eval"],
    ["gpt-4o", "eval"],
    ["claude", "batch"],
  ]) {
    const response = await request.post("/v1/chat/completions", {
      headers: { authorization: `Bearer ${key}`, "x-litellm-tags": tags },
      data: { model, messages: [{ role: "user", content: "hi" }] },
    });
    expect(response.status()).toBe(200);
  }

  await signIn(page);
  await page.getByRole("link", { name: "Usage", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toBeVisible();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: teamAlias });
  await expect(page.getByRole("region", { name: "Tokens per day by kind" }).locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Spend per day by model" }).locator("svg.recharts-surface").first()).toBeVisible();
  const stat = (label: string) => page.locator("dt", { hasText: label }).locator("xpath=following-sibling::dd[1]");
  await expect(stat("Requests")).toHaveText("3");
  const byModel = page.getByRole("table", { name: /Usage by model/ });
  await expect(
    byModel
      .getByRole("row", { name: /gpt-4o/ })
      .getByRole("cell")
      .nth(1),
  ).toHaveText("2");

  await page.getByLabel("Break down by").selectOption("tag");
  const byTag = page.getByRole("table", { name: /Usage by tag/ });
  await expect(byTag.getByRole("row", { name: /eval/ }).getByRole("cell").nth(1)).toHaveText("2");
  await expect(byTag.getByRole("row", { name: /batch/ }).getByRole("cell").nth(1)).toHaveText("1");

  // The reporting time zone is kept in this browser.
  await page.getByLabel("Reporting time zone").selectOption("Asia/Tokyo");
  await expect(page.getByRole("heading", { name: /\(Asia\/Tokyo\)/ })).toBeVisible();
  await page.reload();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: teamAlias });
  await expect(page.getByLabel("Reporting time zone")).toHaveValue("Asia/Tokyo");
  await page.screenshot({ path: testInfo.outputPath("usage.png"), fullPage: true });

  await page.getByLabel("Break down by").selectOption("tag");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download CSV/ }).click()]);
  const csv = readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toMatch(/^day,time_zone,dimension,value,/);
  expect(
    csv
      .slice(1)
      .map((line) => line.split(",").slice(1, 4).join(","))
      .sort(),
  ).toEqual(["Asia/Tokyo,tag,batch", "Asia/Tokyo,tag,eval"]);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("usage-phone.png"), fullPage: true });
});
