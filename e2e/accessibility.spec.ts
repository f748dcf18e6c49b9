import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// Every dashboard page, at a 1280 px desktop and a 390 px phone: no serious or critical axe
// violation, nothing wider than a phone's screen, and a screenshot of each for docs/dashboard.md.
// The pages are read from the sidebar, so a new page is checked without editing this list.

const masterKey = "sk-e2e-master-key-0123456789";
const asMaster = { authorization: `Bearer ${masterKey}` };
const screenshots = "docs/screenshots";
const viewports = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const slug = (path: string) => (path === "/" ? "overview" : path.slice(1).replaceAll("/", "-"));

/** Loaded: the heading is there and nothing says it is still busy. */
async function settle(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("[aria-busy=true]")).toHaveCount(0, { timeout: 15_000 });
}

async function check(page: Page, path: string, viewport: (typeof viewports)[number]) {
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  await page.goto(path);
  await settle(page);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect.soft(serious, `${path} at ${viewport.name}`).toEqual([]);
  if (viewport.name === "phone") {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect.soft(width, `${path} is wider than the phone`).toBeLessThanOrEqual(viewport.width);
  }
  await page.screenshot({ path: `${screenshots}/${slug(path)}-${viewport.name}.png`, fullPage: true });
}

test.beforeAll(async ({ request }) => {
  mkdirSync(screenshots, { recursive: true });
  // Something on every page: a team with keys and a few requests.
  const team = await request.post("/team/new", { headers: asMaster, data: { team_alias: "Acme platform" } });
  const teamId = (await team.json()).team_id as string;
  for (const alias of ["ci-pipeline", "support-bot"]) {
    const { key } = await (await request.post("/key/generate", { headers: asMaster, data: { team_id: teamId, key_alias: alias, max_budget: 25, models: ["gpt-4o"] } })).json();
    for (let index = 0; index < 3; index += 1) {
      await request.post("/v1/chat/completions", { headers: { authorization: `Bearer ${key}` }, data: { model: "gpt-4o", messages: [{ role: "user", content: `hello ${index}` }] } });
    }
  }
});

test("every page: no serious or critical axe violations at 1280 px and 390 px, no overflow on a phone, screenshots", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  const paths = await page
    .getByRole("navigation", { name: "Dashboard" })
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
  expect(paths.length).toBeGreaterThanOrEqual(10);
  for (const path of [...paths, "/account"]) for (const viewport of viewports) await check(page, path, viewport);
});

test("the pages before sign-in too: sign-in and set-password", async ({ page }) => {
  for (const viewport of viewports) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const path of ["/sign-in", "/set-password#token=syt_example"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      expect(results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: `${screenshots}/${slug(new URL(path, "http://x").pathname)}-${viewport.name}.png`, fullPage: true });
    }
  }
});
