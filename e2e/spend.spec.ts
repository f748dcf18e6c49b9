import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const asAdmin = { authorization: `Bearer ${masterKey}` };

async function chooseTeam(page: Page, alias: string) {
  await page.getByLabel("Team", { exact: true }).selectOption({ label: `${alias} (owner)` });
}

test("a team's traffic shows on the Spend, Models and Affinity pages", async ({ page, request }, testInfo) => {
  // Unique names: key aliases are unique across the instance.
  const suffix = Date.now().toString(36);
  const teamAlias = `Spend team ${suffix}`;
  const keyAlias = `spend-key-${suffix}`;
  const team = await request.post("/team/new", { headers: asAdmin, data: { team_alias: teamAlias } });
  expect(team.status()).toBe(200);
  const { team_id: teamId } = (await team.json()) as { team_id: string };
  const generated = await request.post("/key/generate", { headers: asAdmin, data: { team_id: teamId, key_alias: keyAlias } });
  expect(generated.status()).toBe(200);
  const { key } = (await generated.json()) as { key: string };
  const asKey = { authorization: `Bearer ${key}` };

  for (const [model, content] of [
    ["gpt-4o", "one"],
    ["gpt-4o", "two"],
    ["claude", "three"],
  ]) {
    const response = await request.post("/v1/chat/completions", { headers: asKey, data: { model, messages: [{ role: "user", content }] } });
    expect(response.status()).toBe(200);
  }
  const responses = await request.post("/v1/responses", { headers: asKey, data: { model: "gpt-4o", input: "remember this" } });
  expect(responses.status()).toBe(200);
  expect(((await responses.json()) as { id: string }).id).toBe("resp_fake123");

  await signIn(page);

  // Spend: a chart, and the key's row with its four requests and a spend above zero.
  await page.getByRole("link", { name: "Spend", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Spend", exact: true, level: 1 })).toBeVisible();
  await chooseTeam(page, teamAlias);
  await expect(page.getByRole("region", { name: "Spend per day by key" }).locator("svg.recharts-surface").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Spend per day by model" }).locator("svg.recharts-surface").first()).toBeVisible();
  const keyRow = page.getByRole("table", { name: "Spend by key" }).getByRole("row", { name: new RegExp(keyAlias) });
  await expect(keyRow.getByRole("cell").nth(0)).toHaveText(/^\$(?!0\.00$)[\d.,]+$/);
  await expect(keyRow.getByRole("cell").nth(1)).toHaveText("4");
  await expect(page.getByRole("table", { name: "Spend by model" }).getByRole("rowheader", { name: "claude", exact: true })).toBeVisible();
  // The unpriced count is the team's requests the cost map could not price, as /spend/logs has them.
  const logs = await request.get(`/spend/logs?team_id=${teamId}`, { headers: asAdmin });
  expect(logs.status()).toBe(200);
  const rows = (await logs.json()) as { unpriced: boolean }[];
  expect(rows).toHaveLength(4);
  await expect(page.getByTestId("unpriced-count")).toHaveText(String(rows.filter((row) => row.unpriced).length));
  // The instance admin also sees every team's spend.
  await expect(page.getByRole("table", { name: "Spend by team" }).getByRole("rowheader", { name: teamAlias })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("spend.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("region", { name: "Spend per day by key" }).locator("svg.recharts-surface").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("spend-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Models: both groups, healthy, with no key anywhere on the page.
  await page.getByRole("link", { name: "Models", exact: true }).click();
  const gpt4o = page.getByRole("region", { name: "Model group gpt-4o" });
  await expect(gpt4o).toBeVisible();
  await expect(gpt4o.getByText("healthy").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Model group claude" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("sk-e2e-upstream");
  await expect(page.locator("body")).not.toContainText("sk-ant-e2e");
  await page.screenshot({ path: testInfo.outputPath("models.png"), fullPage: true });

  // Affinity: the response the team made, and where it came from.
  await page.getByRole("link", { name: "Affinity", exact: true }).click();
  await chooseTeam(page, teamAlias);
  await page.getByLabel("Response id or item id").fill("resp_fake123");
  await page.getByRole("button", { name: "Look up" }).click();
  const record = page.getByRole("region", { name: "Affinity record" });
  await expect(record).toContainText("resp_fake123");
  await expect(record).toContainText("gpt-4o");
  await page.screenshot({ path: testInfo.outputPath("affinity.png"), fullPage: true });

  await page.getByLabel("Response id or item id").fill("resp_not_here");
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByText("Not found in this team.")).toBeVisible();
});
