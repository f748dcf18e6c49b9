import { expect, test } from "@playwright/test";

test("single sign-on through an OpenID Connect provider creates the user and signs them in", async ({ page }, testInfo) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("sso.user@switchyard.test")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sso.png"), fullPage: true });
  // A new SSO user belongs to no team until an owner adds them.
  await page.getByRole("link", { name: "Keys" }).click();
  await expect(page.getByText("You are not in any team yet.")).toBeVisible();
});
