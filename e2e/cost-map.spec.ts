import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";
import { sharedDataFile } from "./fixtures/shared-data.cjs";

// The e2e gateway starts on the built-in map (24 models). The dated real copies of LiteLLM's map
// live in shared/data beside the project and are uploaded as a person would pick a file.
const copy = (name: string) => sharedDataFile(name);

test("preview, apply and roll back real cost maps on the Cost map page", async ({ page }, testInfo) => {
  await signIn(page);
  await page.getByRole("link", { name: "Cost map" }).click();
  await expect(page.getByRole("heading", { name: "Cost map", level: 1 })).toBeVisible();

  const active = page.getByRole("region", { name: "Active version" });
  const reload = page.getByRole("region", { name: "Reload" });
  const diff = page.getByRole("region", { name: "Changes in this preview" });
  const history = page.getByRole("region", { name: "History" });
  const notice = page.locator(".notice[role=status]");
  await expect(active.getByText("builtin")).toBeVisible();
  const builtinVersion = (await active.getByTestId("active-version").textContent())!;

  async function previewFile(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await reload.getByLabel(/Cost map file/).setInputFiles(typeof file === "string" ? copy(file) : file);
    await reload.getByRole("button", { name: "Preview file" }).click();
  }

  // The configured source is the built-in map itself: nothing differs, and discarding changes nothing.
  await reload.getByRole("button", { name: "Preview the configured source" }).click();
  await expect(diff.getByText("No differences")).toBeVisible();
  await expect(reload.getByRole("button", { name: "Preview file" })).toBeDisabled();
  await diff.getByRole("button", { name: "Discard" }).click();
  await expect(notice).toContainText("discarded");
  await expect(diff).toHaveCount(0);

  // A truncated download is refused with the reason, and the active version stays.
  await previewFile({ name: "truncated.json", mimeType: "application/json", buffer: Buffer.from('{"gpt-4o": {"input_cost') });
  await expect(reload.getByRole("alert")).toContainText("was refused: not JSON");
  await expect(active.getByTestId("active-version")).toHaveText(builtinVersion);

  // 17a against the built-in map: most models are new, and claude-sonnet-4-6 did not exist yet.
  await previewFile("model_prices_2026-02-17a.json");
  await expect(diff.getByRole("heading", { name: "Changes in this preview" })).toBeFocused();
  await expect(diff.getByTestId("count-added")).toHaveText(/^2\D?545$/);
  await expect(diff.getByTestId("count-removed")).toHaveText("1");
  await expect(diff.getByTestId("count-changed")).toHaveText("23");
  await diff.getByRole("tab", { name: /^Removed/ }).click();
  await expect(diff.getByRole("list", { name: "Models", exact: true }).getByText("claude-sonnet-4-6", { exact: true })).toBeVisible();
  await diff.getByRole("tab", { name: /^Changed/ }).click();
  await expect(diff.getByRole("list", { name: "Changed fields of gpt-4o", exact: true })).toContainText("supports_vision");
  await page.screenshot({ path: testInfo.outputPath("cost-map-preview-17a.png"), fullPage: true });
  await diff.getByRole("button", { name: "Apply this map" }).click();
  await expect(notice).toContainText(/Version \d+ is now active: 2\D?568 models/);
  await expect(active.getByTestId("active-models")).toHaveText(/^2\D?568$/);
  await expect(diff).toHaveCount(0);

  // 17b against 17a: claude-sonnet-4-6 and 9 related entries arrive.
  await previewFile("model_prices_2026-02-17b.json");
  await expect(diff.getByTestId("count-added")).toHaveText("10");
  await expect(diff.getByTestId("count-removed")).toHaveText("0");
  await expect(diff.getByTestId("count-changed")).toHaveText("0");
  await diff.getByLabel("Search models").fill("sonnet-4-6");
  const models = diff.getByRole("list", { name: "Models", exact: true });
  await expect(models.getByText("claude-sonnet-4-6", { exact: true })).toBeVisible();
  await expect(models.getByRole("listitem")).toHaveCount(9);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("cost-map-preview-17b-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await diff.getByRole("button", { name: "Apply this map" }).click();
  await expect(notice).toContainText(/is now active: 2\D?578 models/);

  // History: three applied versions, newest first and active; earlier ones can come back.
  const rows = history.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("Active");
  await expect(rows.first().getByRole("button")).toHaveCount(0);
  await expect(rows.last().getByRole("rowheader")).toHaveText(builtinVersion);
  const newest = (await rows.first().getByRole("rowheader").textContent())!;
  await expect(active.getByTestId("active-version")).toHaveText(newest);
  await page.screenshot({ path: testInfo.outputPath("cost-map-history.png"), fullPage: true });

  const middle = (await rows.nth(1).getByRole("rowheader").textContent())!;
  await rows.nth(1).getByRole("button", { name: /Roll back to this version/ }).click();
  await rows.nth(1).getByRole("button", { name: `Confirm roll back to version ${middle}` }).click();
  await expect(notice).toContainText(`Version ${middle} is active again`);
  await expect(active.getByTestId("active-version")).toHaveText(middle);
  await expect(rows.nth(1)).toContainText("Active");

  // And forward again, so later specs price with the newest map.
  await rows.first().getByRole("button", { name: /Roll back to this version/ }).click();
  await rows.first().getByRole("button", { name: `Confirm roll back to version ${newest}` }).click();
  await expect(active.getByTestId("active-version")).toHaveText(newest);
  await expect(rows.first()).toContainText("Active");
});
