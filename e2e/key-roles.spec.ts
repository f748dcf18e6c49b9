import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

const masterKey = "sk-e2e-master-key-0123456789";
const teamAdmin = { email: "team-admin@switchyard.test", password: "team-admin-password-1" };

// A team admin sees the team's proxy_admin key, marked as such and read-only: no button on the
// page would hand them its plain value or change it (the server refuses those calls anyway).
test("a team admin sees a proxy_admin key read-only", async ({ page, request }) => {
  const asMaster = { authorization: `Bearer ${masterKey}` };
  const teamId = (await (await request.post("/team/new", { headers: asMaster, data: { team_alias: "Roles team" } })).json()).team_id as string;
  for (const data of [
    { key_alias: "team-root", team_id: teamId, user_role: "proxy_admin" },
    { key_alias: "team-user", team_id: teamId },
  ]) {
    expect((await request.post("/key/generate", { headers: asMaster, data })).status()).toBe(200);
  }

  await signIn(page);
  // Added over the API as the page would; the new account sets its password through the invite token.
  const post = (path: string, body: unknown) =>
    page.evaluate(
      async ({ path, body }) => {
        const response = await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        return { status: response.status, body: await response.json() };
      },
      { path, body },
    );
  const added = await post("members.add", { teamId, email: teamAdmin.email, role: "admin" });
  expect(added.status).toBe(200);
  await page.context().clearCookies();
  expect((await post("account.setPasswordWithToken", { token: added.body.result.data.invite.token, password: teamAdmin.password })).status).toBe(200);

  await signIn(page, teamAdmin);
  await page.getByRole("link", { name: "Keys" }).click();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Roles team (admin)" });
  const rootRow = page.getByRole("row").filter({ hasText: "team-root" });
  const userRow = page.getByRole("row").filter({ hasText: "team-user" });
  await expect(rootRow).toContainText("(proxy_admin)");
  await expect(rootRow).toContainText("read-only");
  await expect(rootRow.getByRole("button")).toHaveCount(0);
  await expect(userRow.getByRole("button", { name: "Regenerate" })).toBeVisible();
});
