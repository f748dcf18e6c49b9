import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";

test("create a key in the dashboard and use it against /v1/chat/completions", async ({ page, request }, testInfo) => {
  const team = await request.post("/team/new", { headers: { authorization: `Bearer ${masterKey}` }, data: { team_alias: "E2E team" } });
  expect(team.status()).toBe(200);

  await signIn(page);
  await page.getByRole("link", { name: "Keys" }).click();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "E2E team (owner)" });
  await expect(page.getByText("No keys in this team yet.")).toBeVisible();

  const form = page.getByRole("form", { name: "Create a key" });
  await form.getByLabel("Name").fill("browser-key");
  await form.getByLabel(/Allowed models/).fill("gpt-4o");
  await form.getByLabel("Budget (USD)").fill("5");
  await form.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-key");
  await expect(shown).toHaveText(/^sk-/);
  const key = (await shown.textContent())!;
  await expect(page.getByRole("cell", { name: "browser-key" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("keys.png"), fullPage: true });

  const content = await page.evaluate(async (virtualKey) => {
    const response = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${virtualKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "from the dashboard" }] }),
    });
    return (await response.json()).choices[0].message.content;
  }, key);
  expect(content).toBe("echo: from the dashboard");

  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit browser-key" });
  await expect(edit.getByLabel("Budget (USD)")).toHaveValue("5");
  await edit.getByLabel("Budget (USD)").fill("7.5");
  await edit.getByLabel("RPM").fill("120");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("cell", { name: / \/ \$7\.50$/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: "120 / —" })).toBeVisible();

  await page.getByRole("button", { name: "Block" }).click();
  await expect(page.getByRole("cell", { name: "blocked" })).toBeVisible();
  const refused = await page.evaluate(async (virtualKey) => {
    const response = await fetch("/v1/models", { headers: { authorization: `Bearer ${virtualKey}` } });
    return response.status;
  }, key);
  expect(refused).toBe(401);

  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: /Confirm deleting/ }).click();
  await expect(page.getByText("No keys in this team yet.")).toBeVisible();
});
