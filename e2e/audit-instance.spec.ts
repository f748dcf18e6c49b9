import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const builtinMap = JSON.parse(readFileSync(resolve(__dirname, "../builtin-cost-map/model_prices_and_context_window.json"), "utf8")) as Record<string, unknown>;

// Cost-map changes belong to no team: the Audit page shows them to instance admins, with who made
// them and whether from the dashboard or the API, and to nobody else.
test("instance admins see cost-map changes on the Audit page; a team admin does not", async ({ page, request }, testInfo) => {
  const suffix = Date.now().toString(36);
  const master = { authorization: `Bearer ${masterKey}` };
  // Over the API with the master key: preview an upload (the built-in map and 30 models more) and
  // discard it (the active map stays).
  const extra = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`e2e-${suffix}-${index}`, { input_cost_per_token: 1e-6, litellm_provider: "openai" }]));
  const models = { ...builtinMap, ...extra };
  const previewed = await request.post("/cost_map/preview", { headers: master, data: { content: models } });
  expect(previewed.status()).toBe(200);
  const discarded = await request.post("/cost_map/discard", { headers: master, data: { preview_id: (await previewed.json()).preview_id } });
  expect(discarded.status()).toBe(200);

  await signIn(page);
  // One change from the dashboard too: preview the same map as a file and discard it.
  await page.getByRole("link", { name: "Cost map" }).click();
  const reload = page.getByRole("region", { name: "Reload" });
  await reload.getByLabel(/Cost map file/).setInputFiles({ name: "with-extra.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(models)) });
  await reload.getByRole("button", { name: "Preview file" }).click();
  await page.getByRole("region", { name: "Changes in this preview" }).getByRole("button", { name: "Discard" }).click();
  await expect(page.locator(".notice[role=status]")).toContainText("discarded");

  await page.getByRole("link", { name: "Audit" }).click();
  const instance = page.getByRole("region", { name: "Instance-wide changes" });
  const table = instance.getByRole("table", { name: "Instance-wide changes" });
  await expect(table).toBeVisible();
  const firstRows = table.locator("tbody tr");
  await expect(firstRows.nth(0)).toContainText("cost_map.discarded");
  await expect(firstRows.nth(0)).toContainText("admin@switchyard.test");
  await expect(firstRows.nth(0).getByRole("cell", { name: "dashboard", exact: true })).toBeVisible();
  await expect(firstRows.nth(1)).toContainText("cost_map.previewed");
  await expect(firstRows.nth(2)).toContainText("cost_map.discarded");
  await expect(firstRows.nth(2)).toContainText("master key");
  await expect(firstRows.nth(2).getByRole("cell", { name: "API", exact: true })).toBeVisible();
  await expect(firstRows.nth(3)).toContainText("cost_map.previewed");
  await page.screenshot({ path: testInfo.outputPath("audit-instance.png"), fullPage: true });

  // A team admin who is not an instance admin sees the team's trail only, and the API refuses them.
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("New team name").fill(`Audit ${suffix}`);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.locator("#team-select option", { hasText: `Audit ${suffix}` })).toHaveCount(1);
  await page.getByLabel("Team", { exact: true }).selectOption({ label: `Audit ${suffix} (owner)` });
  const bob = { email: `bob-${suffix}@switchyard.test`, password: "bob-password-12" };
  const form = page.getByRole("form", { name: "Add a member" });
  await form.getByLabel("Email").fill(bob.email);
  await form.getByLabel("Role").selectOption("admin");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("cell", { name: bob.email, exact: true })).toBeVisible();
  const invite = (await page.getByTestId("password-link").textContent())!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // Bob sets his password through the invite link.
  await page.goto(invite);
  await page.getByLabel("New password").fill(bob.password);
  await page.getByLabel("The same again").fill(bob.password);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is set");

  await signIn(page, bob);
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("table", { name: "Team changes" }).or(page.getByText("No changes recorded for this team yet."))).toBeVisible();
  await expect(page.getByRole("region", { name: "Instance-wide changes" })).toHaveCount(0);
  await expect(page.getByText("cost_map.")).toHaveCount(0);
  const status = await page.evaluate(async () => (await fetch(`/api/trpc/audit.instance?input=${encodeURIComponent("{}")}`)).status);
  expect(status).toBe(403);
});
