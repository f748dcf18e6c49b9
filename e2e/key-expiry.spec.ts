import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";

// Saving the edit form with only the RPM changed used to send `duration: null` and drop the
// key's expiry; the form now shows the expiry and keeps it unless the admin picks otherwise.
test("editing only a key's rpm limit keeps its expiry", async ({ page, request }) => {
  const team = await request.post("/team/new", { headers: { authorization: `Bearer ${masterKey}` }, data: { team_alias: "Expiry team" } });
  expect(team.status()).toBe(200);

  await signIn(page);
  await page.getByRole("link", { name: "Keys" }).click();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Expiry team (owner)" });
  const form = page.getByRole("form", { name: "Create a key" });
  await form.getByLabel("Name").fill("expiring-key");
  await form.getByLabel(/Expires after/).fill("30d");
  await form.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key").textContent())!;
  expect(key).toMatch(/^sk-/);

  const keyInfo = async () => {
    const response = await request.get(`/key/info?key=${encodeURIComponent(key)}`, { headers: { authorization: `Bearer ${masterKey}` } });
    expect(response.status()).toBe(200);
    return (await response.json()).info as { expires: string | null; rpm_limit: number | null };
  };
  const before = await keyInfo();
  expect(Date.parse(before.expires!) - Date.now()).toBeGreaterThan(29 * 86_400_000);

  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit expiring-key" });
  const expiry = edit.getByRole("combobox", { name: /^Expiry/ });
  await expect(expiry).toHaveValue("keep");
  await expect(expiry.locator("option:checked")).toHaveText(`Keep: expires ${await page.evaluate((iso) => new Date(iso).toLocaleString(), before.expires!)}`);
  await edit.getByLabel("RPM").fill("42");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("cell", { name: "42 / —" })).toBeVisible();

  const after = await keyInfo();
  expect(after.rpm_limit).toBe(42);
  expect(after.expires).toBe(before.expires);
});
