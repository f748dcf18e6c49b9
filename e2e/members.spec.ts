import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

test("teams and members from the UI, and a member of one team cannot see another's", async ({ page, browser }, testInfo) => {
  const suffix = Date.now().toString(36);
  await signIn(page);
  await page.getByRole("link", { name: "Members" }).click();
  for (const name of [`Alpha ${suffix}`, `Beta ${suffix}`]) {
    await page.getByLabel("New team name").fill(name);
    await page.getByRole("button", { name: "Create team" }).click();
    await expect(page.getByLabel("Team", { exact: true })).toHaveValue(/.+/);
    await expect(page.locator("#team-select option", { hasText: name })).toHaveCount(1);
  }
  await page.getByLabel("Team", { exact: true }).selectOption({ label: `Alpha ${suffix} (owner)` });
  const alice = { email: `alice-${suffix}@switchyard.test`, password: "alice-password-1" };
  const form = page.getByRole("form", { name: "Add a member" });
  await form.getByLabel("Email").fill(alice.email);
  await form.getByLabel("Role").selectOption("admin");
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("cell", { name: alice.email, exact: true })).toBeVisible();
  // Alice sets her own password through the invite link.
  const link = (await page.getByTestId("password-link").textContent())!;
  const hers = await browser.newPage();
  await hers.goto(link);
  await hers.getByLabel("New password").fill(alice.password);
  await hers.getByLabel("The same again").fill(alice.password);
  await hers.getByRole("button", { name: "Set password" }).click();
  await expect(hers.getByRole("status")).toContainText("Your password is set");
  await hers.close();
  await page.screenshot({ path: testInfo.outputPath("members.png"), fullPage: true });
  const betaId = await page.locator("#team-select option", { hasText: `Beta ${suffix}` }).getAttribute("value");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, alice);
  await page.getByRole("link", { name: "Keys" }).click();
  const options = page.locator("#team-select option");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveText(`Alpha ${suffix} (admin)`);

  // Even asking the API directly for the other team's keys is refused.
  const status = await page.evaluate(async (teamId) => {
    const input = encodeURIComponent(JSON.stringify({ 0: { teamId } }));
    return (await fetch(`/api/trpc/keys.list?batch=1&input=${input}`)).status;
  }, betaId);
  expect(status).toBe(403);
});
