import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const asMaster = { authorization: "Bearer sk-e2e-master-key-0123456789" };

// Switching teams while an earlier team's list is still on its way: the answer that lands last
// must not put the earlier team's keys under the current team's name.
test("a slow answer for the team left behind does not replace the chosen team's keys", async ({ page, request }) => {
  const suffix = Date.now().toString(36);
  const teams: Record<"slow" | "chosen", { id: string; key: string }> = { slow: { id: "", key: `slow-key-${suffix}` }, chosen: { id: "", key: `chosen-key-${suffix}` } };
  for (const [name, team] of Object.entries(teams)) {
    const created = await request.post("/team/new", { headers: asMaster, data: { team_alias: `${name} ${suffix}` } });
    expect(created.status()).toBe(200);
    team.id = (await created.json()).team_id;
    expect((await request.post("/key/generate", { headers: asMaster, data: { team_id: team.id, key_alias: team.key } })).status()).toBe(200);
  }

  let slowListsAnswered = 0;
  await page.route("**/api/trpc/**", async (route) => {
    const url = decodeURIComponent(route.request().url());
    if (!url.includes("keys.list") || !url.includes(teams.slow.id)) return route.continue();
    await new Promise((delay) => setTimeout(delay, 1_500));
    await route.continue();
    slowListsAnswered++;
  });

  await signIn(page);
  await page.getByRole("link", { name: "Keys", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  const teamSelect = page.getByLabel("Team", { exact: true });
  await teamSelect.selectOption(teams.slow.id);
  await teamSelect.selectOption(teams.chosen.id);
  await expect(page.getByRole("cell", { name: teams.chosen.key, exact: true })).toBeVisible();

  await expect.poll(() => slowListsAnswered, { timeout: 5_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(300); // the late answer has been handed to the page: give it a render
  await expect(page.getByRole("cell", { name: teams.chosen.key, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: teams.slow.key, exact: true })).toHaveCount(0);
});
