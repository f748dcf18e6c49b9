import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";
import { sharedDataFile } from "./fixtures/shared-data.cjs";

// The e2e gateway starts on the built-in map (LiteLLM's full map of 2026-07-24, 2,983 models), and
// its reload source is a loopback port nothing listens on: what a reload from LiteLLM's published
// URL meets on a machine without network. The dated real copies of LiteLLM's map live in
// shared/data beside the project and are uploaded as a person would pick a file.
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
  await expect(active.getByTestId("active-models")).toHaveText(/^2\D?983$/);
  const builtinVersion = (await active.getByTestId("active-version").textContent())!;

  async function previewFile(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await reload.getByLabel(/Cost map file/).setInputFiles(typeof file === "string" ? copy(file) : file);
    await reload.getByRole("button", { name: "Preview file" }).click();
  }

  // The configured source cannot be reached: the reason is shown, and the active version stays.
  const source = (await reload.getByTestId("configured-source").textContent())!;
  const sourceUrl = /http:\/\/127\.0\.0\.1:\d+\/model_prices_and_context_window\.json/.exec(source)![0];
  await reload.getByRole("button", { name: "Preview the configured source" }).click();
  await expect(reload.getByRole("alert")).toHaveText(
    `Could not load the cost map from ${sourceUrl}: ECONNREFUSED: connection refused (after 3 attempts). The active version ${builtinVersion} (2,983 models) stays.`,
  );
  await expect(diff).toHaveCount(0);
  await expect(active.getByTestId("active-version")).toHaveText(builtinVersion);

  // A truncated download is refused with the reason, and the active version stays.
  await previewFile({ name: "truncated.json", mimeType: "application/json", buffer: Buffer.from('{"gpt-4o": {"input_cost') });
  await expect(reload.getByRole("alert")).toContainText("was refused: not JSON");
  await expect(active.getByTestId("active-version")).toHaveText(builtinVersion);

  // 17a, five months older than the built-in map: claude-sonnet-4-6 and hundreds more did not exist yet.
  await previewFile("model_prices_2026-02-17a.json");
  await expect(diff.getByRole("heading", { name: "Changes in this preview" })).toBeFocused();
  await expect(diff.getByTestId("count-added")).toHaveText("152");
  await expect(diff.getByTestId("count-removed")).toHaveText("567");
  await expect(diff.getByTestId("count-changed")).toHaveText("529");
  await diff.getByRole("tab", { name: /^Removed/ }).click();
  await diff.getByLabel("Search models").fill("claude-sonnet-4-6");
  await expect(diff.getByRole("list", { name: "Models", exact: true }).getByText("claude-sonnet-4-6", { exact: true })).toBeVisible();
  await diff.getByRole("tab", { name: /^Changed/ }).click();
  await diff.getByLabel("Search models").fill("gpt-4o");
  await expect(diff.getByRole("list", { name: "Capability changes of gpt-4o", exact: true })).toContainText("supports_service_tier");
  await diff.getByLabel("Search models").fill("");
  await page.screenshot({ path: testInfo.outputPath("cost-map-preview-17a.png"), fullPage: true });
  await diff.getByRole("button", { name: "Apply this map" }).click();
  await page
    .getByRole("dialog", { name: "Apply this map?" })
    .getByRole("button", { name: /^Apply (now|with these flags)$/ })
    .click();
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
  await expect(models.locator(":scope > li")).toHaveCount(9); // one per model (each lists its prices inside)
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("cost-map-preview-17b-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await diff.getByRole("button", { name: "Apply this map" }).click();
  await page
    .getByRole("dialog", { name: "Apply this map?" })
    .getByRole("button", { name: /^Apply (now|with these flags)$/ })
    .click();
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
  await rows
    .nth(1)
    .getByRole("button", { name: /Roll back to this version/ })
    .click();
  await rows
    .nth(1)
    .getByRole("button", { name: `Confirm roll back to version ${middle}` })
    .click();
  await expect(notice).toContainText(`Version ${middle} is active again`);
  await expect(active.getByTestId("active-version")).toHaveText(middle);
  await expect(rows.nth(1)).toContainText("Active");

  // And back to the built-in map, the newest of them, so later specs price with it.
  await rows
    .last()
    .getByRole("button", { name: /Roll back to this version/ })
    .click();
  await rows
    .last()
    .getByRole("button", { name: `Confirm roll back to version ${builtinVersion}` })
    .click();
  await expect(active.getByTestId("active-version")).toHaveText(builtinVersion);
  await expect(active.getByTestId("active-models")).toHaveText(/^2\D?983$/);
  await expect(rows.last()).toContainText("Active");
});
