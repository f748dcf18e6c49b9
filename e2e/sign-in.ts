import { expect, type Page } from "@playwright/test";

export const admin = { email: "admin@switchyard.test", password: "e2e-admin-password" };

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, user = admin): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}
