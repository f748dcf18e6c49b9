import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const asMaster = { authorization: `Bearer ${masterKey}` };
const markup = "<img src=x onerror=alert(1)>";
const sql = "'; drop table virtual_keys; --";

/** Every page has a Team select: choose in it only once the page the link leads to is shown. */
async function openPage(page: Page, link: string, heading: string) {
  await page.getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

test("hostile names are stored as given and shown as text: no markup, no script, nothing dropped", async ({ page, request }, testInfo) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: markup, models: [markup, sql], metadata: { note: markup, query: sql } } });
  expect(team.status()).toBe(200);
  const teamId = (await team.json()).team_id as string;
  const generated = await request.post("/key/generate", { headers: asMaster, data: { team_id: teamId, key_alias: sql, metadata: { owner: markup, query: sql } } });
  expect(generated.status()).toBe(200);
  const apiKey = (await generated.json()).key as string;

  await signIn(page);
  await openPage(page, "Keys", "Keys");
  await page.getByLabel("Team", { exact: true }).selectOption({ label: `${markup} (owner)` });
  await expect(page.getByRole("cell", { name: sql, exact: true })).toBeVisible();

  const form = page.getByRole("form", { name: "Create a key" });
  await form.getByLabel("Name").fill(markup);
  await form.getByLabel(/Allowed models/).fill(`${markup}, ${sql}`);
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-key")).toHaveText(/^sk-/);
  await expect(page.getByRole("cell", { name: markup, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: `${markup}, ${sql}`, exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("hostile-keys.png"), fullPage: true });

  await openPage(page, "Model access", "Model access");
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  const teamList = page.getByRole("region", { name: "Team allow-list" });
  await expect(teamList.getByRole("listitem").filter({ hasText: markup })).toBeVisible();
  await expect(teamList.getByRole("listitem").filter({ hasText: sql })).toBeVisible();
  await page.getByLabel("Model to test").fill(markup);
  await expect(page.getByTestId("access-verdict")).toContainText(markup);

  await openPage(page, "Audit", "Audit log");
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  await expect(page.getByRole("cell", { name: JSON.stringify({ alias: markup }) }).first()).toBeVisible();

  await openPage(page, "Members", "Members");
  await expect(page.locator("#team-select option", { hasText: markup })).toHaveCount(1);

  // Had any of it been parsed as HTML, an <img src="x"> would exist (its handler blocked or not).
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  expect(cspViolations).toEqual([]);

  // The values round-trip byte for byte, and the keys table is still there.
  const info = await request.get(`/key/info?key=${encodeURIComponent(apiKey)}`, { headers: asMaster });
  expect(info.status()).toBe(200);
  expect((await info.json()).info).toMatchObject({ key_alias: sql, metadata: { owner: markup, query: sql } });
  const teamInfo = await request.get(`/team/info?team_id=${encodeURIComponent(teamId)}`, { headers: asMaster });
  const teamBody = await teamInfo.json();
  expect(teamBody.team_info).toMatchObject({ team_alias: markup, models: [markup, sql], metadata: { note: markup, query: sql } });
  expect(teamBody.keys).toHaveLength(2);
});
