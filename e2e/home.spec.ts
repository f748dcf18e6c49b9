import { expect, test } from "@playwright/test";

test("the start page lists the configured model groups", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Switchyard" })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.getByRole("cell", { name: "gpt-4o" })).toBeVisible();
  await expect(table.getByRole("cell", { name: "claude" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("home.png"), fullPage: true });
});

test("a key made through the management API chats from the browser's origin", async ({ page, request }) => {
  const generated = await request.post("/key/generate", {
    headers: { authorization: "Bearer sk-e2e-master-key-0123456789" },
    data: { models: ["gpt-4o"] },
  });
  expect(generated.status()).toBe(200);
  const { key } = await generated.json();
  await page.goto("/");
  const content = await page.evaluate(async (virtualKey) => {
    const response = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${virtualKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "from the browser" }] }),
    });
    return (await response.json()).choices[0].message.content;
  }, key);
  expect(content).toBe("echo: from the browser");
});
