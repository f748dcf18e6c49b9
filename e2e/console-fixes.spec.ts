import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startFreshGateway } from "./fixtures/fresh-gateway";
import { admin, signIn } from "./sign-in";

// One check per fix of issue #25's "Broken or confusing" list.

const masterKey = "sk-e2e-master-key-0123456789";
const asMaster = { authorization: `Bearer ${masterKey}` };
const builtinMap = JSON.parse(readFileSync(resolve(__dirname, "../builtin-cost-map/model_prices_and_context_window.json"), "utf8")) as Record<string, Record<string, unknown>>;

async function signInAt(page: Page, base: string, user = admin) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

test.describe("on a fresh install", () => {
  let fresh: Awaited<ReturnType<typeof startFreshGateway>>;
  test.beforeAll(async () => {
    fresh = await startFreshGateway();
  });
  test.afterAll(async () => {
    await fresh?.close();
  });

  test("the first admin creates a first team from the Keys page, and owns it", async ({ page }) => {
    await signInAt(page, fresh.url);
    await page.getByRole("link", { name: "Keys" }).click();
    const first = page.getByRole("form", { name: "Create your first team" });
    await expect(first).toBeVisible();
    await expect(page.getByText("Ask an admin")).toHaveCount(0);
    await first.getByLabel("Team name").fill("First team");
    await first.getByRole("button", { name: "Create team" }).click();
    await expect(page.locator("#team-select option")).toHaveText(["First team (owner)"]);
    await expect(page.getByRole("form", { name: "Create a key" })).toBeVisible();
  });

  test("the cost-map diff: prices per 1M tokens, prices of added models, flags apart, a sticky Apply that confirms, the file name in History", async ({ page }) => {
    const changed = structuredClone(builtinMap);
    changed["gpt-4o"] = { ...changed["gpt-4o"], input_cost_per_token: 5e-5, supports_vision: false };
    changed["e2e-new-model"] = { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, litellm_provider: "openai", mode: "chat" };
    const file = (name: string) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(changed)) });

    await signInAt(page, fresh.url);
    await page.getByRole("link", { name: "Cost map" }).click();
    const reload = page.getByRole("region", { name: "Reload" });
    const diff = page.getByRole("region", { name: "Changes in this preview" });
    // A preview that is discarded still takes a version number: History must say why numbers skip.
    await reload.getByLabel(/Cost map file/).setInputFiles(file("discarded.json"));
    await reload.getByRole("button", { name: "Preview file" }).click();
    await diff.getByRole("button", { name: "Discard" }).click();
    await expect(diff).toHaveCount(0);

    await reload.getByLabel(/Cost map file/).setInputFiles(file("my-prices.json"));
    await reload.getByRole("button", { name: "Preview file" }).click();
    await diff.getByLabel("Search models").fill("e2e-new-model");
    await expect(diff.getByRole("list", { name: "Prices of e2e-new-model" })).toContainText("input_cost_per_token: $3.00 / 1M tokens");
    await expect(diff.getByRole("list", { name: "Prices of e2e-new-model" })).toContainText("output_cost_per_token: $15.00 / 1M tokens");
    await diff.getByLabel("Search models").fill("gpt-4o");
    await diff.getByRole("tab", { name: /^Flagged/ }).click();
    await expect(diff.getByRole("list", { name: "Price changes of gpt-4o", exact: true })).toContainText(/\$2\.50 \/ 1M tokens →\s+becomes \$50\.00 \/ 1M tokens/);
    await expect(diff.getByRole("list", { name: "Price changes of gpt-4o", exact: true })).not.toContainText("supports_vision");
    await expect(diff.getByRole("list", { name: "Capability changes of gpt-4o", exact: true })).toContainText(/supports_vision: true →\s+becomes false/);

    // Apply is on screen at the top of the diff, without scrolling to the end of the list.
    await diff.getByLabel("Search models").fill("");
    await diff.getByRole("tab", { name: /^All/ }).click();
    await diff.getByRole("heading", { name: "Changes in this preview" }).scrollIntoViewIfNeeded();
    const apply = diff.getByRole("button", { name: "Apply this map" });
    await expect(apply).toBeInViewport();
    await apply.click();
    const dialog = page.getByRole("dialog", { name: "Apply this map?" });
    await expect(dialog.getByRole("list", { name: "Flagged models" })).toContainText("gpt-4o: Price jump: input_cost_per_token");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator(".notice[role=status]")).toHaveCount(0);
    await apply.click();
    await dialog.getByRole("button", { name: "Apply with these flags" }).click();
    await expect(page.locator(".notice[role=status]")).toContainText("is now active");

    const history = page.getByRole("region", { name: "History" });
    await expect(history.locator("tbody tr").first()).toContainText("upload: my-prices.json");
    await expect(history.getByTestId("version-gaps")).toContainText("every preview takes the next number");

    // The page fits a phone: nothing wider than the screen, the Roll back labels visible.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect(history.getByRole("button", { name: /Roll back to this version/ }).first()).toBeVisible();
  });
});

test("money keeps its significant digits, and the spend chart's ticks are distinct and increasing", async ({ page, request }) => {
  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: "Money team" } });
  const teamId = (await team.json()).team_id as string;
  const { key } = await (await request.post("/key/generate", { headers: asMaster, data: { team_id: teamId, key_alias: "money-key" } })).json();
  for (let index = 0; index < 3; index += 1) {
    const chat = await request.post("/v1/chat/completions", {
      headers: { authorization: `Bearer ${key}` },
      data: { model: "gpt-4o", messages: [{ role: "user", content: "count the cents ".repeat(20) }] },
    });
    expect(chat.status()).toBe(200);
  }
  await signIn(page);
  await page.getByRole("link", { name: "Spend" }).click();
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  // A fraction of a cent reads with its digits, never $0.00 or $0.01.
  const cell = page.getByRole("cell", { name: /^\$0\.0\d{3,}/ }).first();
  await expect(cell).toBeVisible();
  // The y axis's labels are the money ones (the x axis reads dates).
  const tickLabels = page.getByRole("region", { name: "Spend per day by key" }).locator(".recharts-cartesian-axis-tick-value");
  await expect(tickLabels.filter({ hasText: "$" }).first()).toBeVisible();
  const ticks = (await tickLabels.allTextContents()).filter((text) => text.startsWith("$"));
  expect(ticks.length).toBeGreaterThan(2);
  const values = ticks.map((tick) => Number(tick.replace(/[$,]/g, "")));
  expect(new Set(ticks).size).toBe(ticks.length);
  for (let index = 1; index < values.length; index += 1) expect(values[index]).toBeGreaterThan(values[index - 1]);
});

test("keys: Regenerate asks first, a key over its budget says so, the key list warns, focus goes to the new key and back", async ({ page, request }) => {
  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: "Fixes team" } });
  const teamId = (await team.json()).team_id as string;
  await request.post("/key/generate", { headers: asMaster, data: { team_id: teamId, key_alias: "spent-key", max_budget: 0 } });
  await signIn(page);
  await page.getByRole("link", { name: "Keys" }).click();
  await expect(page).toHaveTitle("Keys · Switchyard");
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  await expect(page.getByRole("row", { name: /spent-key/ }).getByRole("cell", { name: "over budget" })).toBeVisible();

  const form = page.getByRole("form", { name: "Create a key" });
  await form.getByLabel("Name").fill("fixes-key");
  await form.getByLabel(/Allowed models/).fill("gpt4o");
  await expect(form.getByRole("list", { name: "Warnings about this list" })).toContainText(
    "gpt4o: no deployment, wildcard, access group or cost-map entry has this name (did you mean gpt-4o?)",
  );
  await form.getByLabel(/Allowed models/).fill("gpt-4o");
  await expect(form.getByRole("list", { name: "Warnings about this list" })).toHaveCount(0);
  const create = form.getByRole("button", { name: "Create key" });
  await create.click();
  const notice = page.getByRole("region", { name: /^New key fixes-key/ });
  await expect(notice).toBeFocused();
  const first = (await page.getByTestId("new-key").textContent())!;
  await notice.getByRole("button", { name: "Done" }).click();
  await expect(create).toBeFocused();

  const row = page.getByRole("row", { name: /fixes-key/ });
  await row.getByRole("button", { name: "Regenerate" }).click();
  // One click does not kill the live key: it asks.
  expect((await request.get("/key/info", { headers: { authorization: `Bearer ${first}` } })).status()).toBe(200);
  await row.getByRole("button", { name: "Cancel" }).click();
  await row.getByRole("button", { name: "Regenerate" }).click();
  await row.getByRole("button", { name: /Confirm regenerating fixes-key/ }).click();
  await expect(page.getByTestId("new-key")).not.toHaveText(first);
  expect((await request.get("/key/info", { headers: { authorization: `Bearer ${first}` } })).status()).toBe(401);
});

test("the rule tester says allowed-but-unroutable for a model no deployment serves", async ({ page, request }) => {
  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: "Tester team" } });
  const teamId = (await team.json()).team_id as string;
  await signIn(page);
  await page.getByRole("link", { name: "Model access" }).click();
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  await page.getByLabel("Model to test").fill("gpt-4.1-nano");
  const verdict = page.getByTestId("access-verdict");
  await expect(verdict).toContainText("Allowed but unroutable gpt-4.1-nano");
  await expect(verdict).toContainText("a real request gets 404");
  await page.getByLabel("Model to test").fill("gpt-4o");
  await expect(verdict).toContainText("Allowed gpt-4o");
  await expect(verdict).not.toContainText("unroutable");
});

test("members: an invite link instead of an invented password, re-adding says so, an admin reset link, changing one's own password", async ({ page, browser, request }) => {
  const suffix = Date.now().toString(36);
  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: `Invite team ${suffix}` } });
  const teamId = (await team.json()).team_id as string;
  const newcomer = { email: `newcomer-${suffix}@switchyard.test`, password: "newcomer-password-1" };
  await signIn(page);
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Team", { exact: true }).selectOption(teamId);
  const add = page.getByRole("form", { name: "Add a member" });
  await expect(add.getByLabel(/password/i)).toHaveCount(0);
  await add.getByLabel("Email").fill(newcomer.email);
  await add.getByRole("button", { name: "Add member" }).click();
  const link = (await page.getByTestId("password-link").textContent())!;
  expect(link).toMatch(/\/set-password#token=syt_[\w-]{43}$/);
  await expect(page.getByRole("cell", { name: newcomer.email, exact: true })).toBeVisible();

  // Re-adding an existing account says so and leaves its password alone.
  await add.getByLabel("Email").fill(admin.email);
  await add.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId("member-outcome")).toContainText(`${admin.email} already has an account`);
  await expect(page.getByTestId("password-link")).toHaveCount(0);

  // The newcomer sets their password through the link, once.
  const theirs = await browser.newPage();
  await theirs.goto(link);
  await expect(theirs).toHaveURL(/\/set-password$/); // the token left the address bar
  await theirs.getByLabel("New password").fill(newcomer.password);
  await theirs.getByLabel("The same again").fill(newcomer.password);
  await theirs.getByRole("button", { name: "Set password" }).click();
  await expect(theirs.getByRole("status")).toContainText(`Your password is set for ${newcomer.email}`);
  await theirs.goto("about:blank"); // else only the fragment changes, and the page does not load again
  await theirs.goto(link);
  await theirs.getByLabel("New password").fill("another-password-1");
  await theirs.getByLabel("The same again").fill("another-password-1");
  await theirs.getByRole("button", { name: "Set password" }).click();
  await expect(theirs.locator("p[role=alert]")).toContainText("invalid, already used or expired");
  await signIn(theirs, newcomer);

  // They change their own password on the Account page; the current one is required.
  await theirs.getByRole("link", { name: "Account" }).click();
  await theirs.getByLabel("Current password").fill("not-my-password");
  await theirs.getByLabel("New password", { exact: true }).fill("changed-password-1");
  await theirs.getByLabel("New password again").fill("changed-password-1");
  await theirs.getByRole("button", { name: "Change password" }).click();
  await expect(theirs.locator("p[role=alert]")).toContainText("The current password is not right");
  await theirs.getByLabel("Current password").fill(newcomer.password);
  await theirs.getByLabel("New password", { exact: true }).fill("changed-password-1");
  await theirs.getByLabel("New password again").fill("changed-password-1");
  await theirs.getByRole("button", { name: "Change password" }).click();
  await expect(theirs.getByRole("status")).toContainText("Your password is changed");

  // The instance admin issues a reset link; using it sets a new password and signs them out.
  await page.getByRole("button", { name: `Reset password of ${newcomer.email}` }).click();
  const reset = (await page.getByTestId("password-link").textContent())!;
  expect(reset).not.toBe(link);
  await theirs.goto(reset);
  await theirs.getByLabel("New password").fill("after-reset-password-1");
  await theirs.getByLabel("The same again").fill("after-reset-password-1");
  await theirs.getByRole("button", { name: "Set password" }).click();
  await expect(theirs.getByRole("status")).toContainText("Your password is set");
  await theirs.goto("/keys");
  await expect(theirs).toHaveURL(/\/sign-in/);
  await signIn(theirs, { email: newcomer.email, password: "after-reset-password-1" });
  await theirs.close();
});

test("the realtime tester says when no realtime model is configured", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Realtime" }).click();
  await expect(page.getByText("No realtime model is configured")).toBeVisible();
  await expect(page.getByLabel("Realtime model group")).toHaveValue("");
});

test("navigation: one sidebar, the current page marked, a title per page, a skip link; Models fits 1280 px", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page);
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Models" }).click();
  await expect(page).toHaveTitle("Models · Switchyard");
  await expect(nav.getByRole("link", { name: "Models" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator("[aria-current=page]")).toHaveCount(1);
  // Links are not underlined, and each sits on its own row of the sidebar (no wrapping into two lines).
  const links = nav.getByRole("link");
  expect(await links.first().evaluate((element) => getComputedStyle(element).textDecorationLine)).toBe("none");
  const tops = await links.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().height));
  for (const height of tops) expect(height).toBeLessThan(40);

  // Errors and the health check are on screen, with no horizontal scrollbar.
  await expect(page.getByRole("columnheader", { name: "Requests / errors (5 min)" }).first()).toBeInViewport();
  await expect(page.getByRole("columnheader", { name: "Health check" }).first()).toBeInViewport();
  const overflowing = await page.locator(".table-wrap").evaluateAll((wraps) => wraps.filter((wrap) => wrap.scrollWidth > wrap.clientWidth).length);
  expect(overflowing).toBe(0);

  // On a page just loaded, the first Tab reaches the skip link, which moves focus to the content.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#content")).toBeFocused();
});
