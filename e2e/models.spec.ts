import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const master = { authorization: `Bearer ${masterKey}` };
const secret = "sk-e2e-stored-deployment-secret-AAAA1111";
const rotated = "sk-e2e-stored-deployment-secret-BBBB2222";

// The Models page for an instance admin: a deployment added in the form is served at once, edited
// (key rotated), disabled and deleted, with the key never on the page; config.yaml's are read-only.
test("an instance admin adds, edits, disables and deletes a stored deployment on the Models page", async ({ page, request }, testInfo) => {
  const name = `e2e-stored-${Date.now().toString(36)}`;
  const chat = () => request.post("/v1/chat/completions", { headers: master, data: { model: name, messages: [{ role: "user", content: "hi" }] } });
  // The fake provider's address, as config.yaml's gpt-4o deployment names it.
  const info = (await (await request.get("/model/info", { headers: master })).json()) as { data: { model_name: string; litellm_params: { api_base: string } }[] };
  const fakeBase = info.data.find((entry) => entry.model_name === "gpt-4o")!.litellm_params.api_base;

  await signIn(page);
  await page.getByRole("link", { name: "Models" }).click();
  const manage = page.getByRole("region", { name: "Manage deployments" });
  await expect(manage.getByRole("row", { name: /gpt-4o/ }).first()).toContainText("From config.yaml");

  const add = manage.getByRole("form", { name: "Add a deployment" });
  await add.getByLabel(/Model name/).fill(name);
  await add.getByLabel(/Provider\/model/).fill("openai/gpt-4o-mini");
  await add.getByLabel("API key").fill(secret);
  await add.getByLabel(/API base/).fill(fakeBase);
  await add.getByLabel(/Access groups/).fill("e2e-group");
  // Submitted from the keyboard.
  await add.getByLabel(/API base/).press("Enter");
  await expect(manage.getByRole("status")).toContainText(`Added ${name}`);
  const row = manage.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText("sk-...1111");
  await expect(row).toContainText("Served");
  expect(await page.content()).not.toContain(secret);
  const answer = await chat();
  expect(answer.status()).toBe(200);
  expect(((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content).toContain("hi");

  // Edit: a new key; the API base left as it was.
  await row.getByRole("button", { name: /^Edit/ }).click();
  const edit = manage.getByRole("form", { name: new RegExp(`Edit ${name}`) });
  await expect(edit.getByLabel("API key")).toHaveAttribute("placeholder", "unchanged (sk-...1111)");
  await edit.getByLabel("API key").fill(rotated);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(manage.getByRole("status")).toContainText(`Saved ${name}`);
  await expect(row).toContainText("sk-...2222");
  expect(await page.content()).not.toContain(rotated);
  expect((await chat()).status()).toBe(200);

  // Moving the endpoint without the key again is refused, and says why.
  await row.getByRole("button", { name: /^Edit/ }).click();
  await edit.getByLabel(/API base/).fill("https://elsewhere.example.com/v1");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("alert")).toContainText("send api_key again");
  await edit.getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: /^Disable/ }).click();
  await expect(row).toContainText("Disabled");
  expect((await chat()).status()).toBe(404);
  await row.getByRole("button", { name: /^Enable/ }).click();
  await expect(row).toContainText("Served");
  expect((await chat()).status()).toBe(200);
  await page.screenshot({ path: testInfo.outputPath("models.png"), fullPage: true });

  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: /^Delete/ }).click();
  await expect(manage.getByRole("status")).toContainText(`Deleted ${name}`);
  await expect(manage.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
  expect((await chat()).status()).toBe(404);
});
