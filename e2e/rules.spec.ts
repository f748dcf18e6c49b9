import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const asMaster = { authorization: `Bearer ${masterKey}` };

test("set a team's model list, try models in the live tester, and find the change in the audit log", async ({ page, request }, testInfo) => {
  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: "Rules team" } });
  expect(team.status()).toBe(200);
  const teamId = (await team.json()).team_id as string;
  const generated = await request.post("/key/generate", { headers: asMaster, data: { team_id: teamId, key_alias: "rules-key" } });
  expect(generated.status()).toBe(200);
  const key = (await generated.json()).key as string;

  await signIn(page);
  await page.getByRole("link", { name: "Model access" }).click();
  await expect(page.getByRole("heading", { name: "Model access" })).toBeVisible();
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  await expect(page.getByText("Empty: the team may use every model.")).toBeVisible();
  await expect(page.getByRole("cell", { name: /^rules-key sk-/ })).toBeVisible();

  await page.getByLabel("Team's allowed models", { exact: true }).fill("gpt-*-mini, anthropic/*");
  await page.getByRole("button", { name: "Save team list" }).click();
  await expect(page.getByText("Team list saved.")).toBeVisible();
  const teamList = page.getByRole("region", { name: "Team allow-list" });
  await expect(teamList.getByRole("listitem").filter({ hasText: "anthropic/*" })).toContainText(/covers \d+ known names?/);
  await expect(teamList.getByRole("listitem").filter({ hasText: "gpt-*-mini" })).toContainText(/covers \d+ known names?/);

  // The gateway enforces the saved list at once.
  const chat = (model: string) => request.post("/v1/chat/completions", { headers: { authorization: `Bearer ${key}` }, data: { model, messages: [{ role: "user", content: "hi" }] } });
  expect((await chat("gpt-4o")).status()).toBe(403);

  const model = page.getByLabel("Model to test");
  const verdict = page.getByTestId("access-verdict");
  await model.fill("gpt-4o-mini-tts");
  await expect(verdict).toContainText("Refused gpt-4o-mini-tts");
  await expect(verdict).toContainText("Refused by the team list: none of gpt-*-mini, anthropic/* matches gpt-4o-mini-tts");

  // Allowed by the lists, but this config serves Claude only as the group "claude": a real request gets 404.
  await model.fill("claude-sonnet-4-5");
  await expect(verdict).toContainText("Allowed but unroutable claude-sonnet-4-5");
  expect((await chat("claude-sonnet-4-5")).status()).toBe(404);
  await expect(verdict).toContainText("Allowed by the team list: anthropic/* matches it as anthropic/claude-sonnet-4-5.");
  await expect(verdict).toContainText("anthropic/claude-sonnet-4-5");

  await model.fill("gpt-4o-mini");
  await expect(verdict).toContainText("Allowed by the team list: gpt-*-mini matches it as gpt-4o-mini.");

  // A draft key list narrows the team's.
  await page.getByLabel("A draft key list", { exact: true }).check();
  await page.getByLabel(/Draft key list/).fill("claude-*");
  await expect(verdict).toContainText("Refused by the key's list: none of claude-* matches gpt-4o-mini");
  await page.getByLabel("The team list", { exact: true }).check();
  await model.fill("claude-sonnet-4-5");
  await expect(verdict).toContainText("Allowed but unroutable claude-sonnet-4-5");
  await page.screenshot({ path: testInfo.outputPath("rules.png"), fullPage: true });

  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  const change = page.getByRole("row").filter({ hasText: "rule.team_models_updated" });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("admin@switchyard.test");
  await expect(change).toContainText('"new":["gpt-*-mini","anthropic/*"]');
  await page.screenshot({ path: testInfo.outputPath("audit.png"), fullPage: true });
});
