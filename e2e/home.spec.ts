import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

test("the dashboard asks for sign-in, refuses a wrong password, then lists the model groups", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("Email").fill("admin@switchyard.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("sign-in.png"), fullPage: true });

  await signIn(page);
  const table = page.getByRole("table");
  await expect(table.getByRole("cell", { name: "gpt-4o" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "claude" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("overview.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/sign-in$/);
});
