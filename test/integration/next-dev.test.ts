import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { browserOrigin, configWithBrowserOrigin } from "./helpers/browser-config";
import { masterKey } from "./helpers/gateway-process";
import { startNext, type NextProcess } from "./helpers/next-process";

// `npm run dev` (next dev) serves the gateway and the dashboard together. It writes to
// .next/dev, apart from the build the other tests serve, and compiles each route on first use.
let fake: FakeProviders;
let dev: NextProcess;

beforeAll(async () => {
  fake = await startFakeProviders();
  const config = configWithBrowserOrigin(fake.url, "sk-upstream-dev");
  dev = await startNext({ mode: "dev", config, readyWithinMs: 110_000 });
});

afterAll(async () => {
  await dev?.stop();
  await fake?.close();
});

describe("next dev", () => {
  it("answers a chat completion through the gateway", async () => {
    const response = await fetch(`${dev.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "from dev" }] }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe("echo: from dev");
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", url: "/v1/chat/completions", headers: { authorization: "Bearer sk-upstream-dev" } });
  });

  it("answers a browser's preflight with the gateway's CORS headers, with and without /v1", async () => {
    for (const path of ["/chat/completions", "/v1/chat/completions", "/responses/resp_1"]) {
      const response = await fetch(dev.url + path, {
        method: "OPTIONS",
        headers: { origin: browserOrigin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
      });
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin"), path).toBe(browserOrigin);
      expect(response.headers.get("access-control-allow-headers"), path).toBe("authorization, content-type");
    }
  });

  it("serves a response id path without /v1 (its key is checked first)", async () => {
    const response = await fetch(`${dev.url}/responses/resp_1`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "missing_api_key" } });
  });

  it("renders the dashboard's sign-in page", async () => {
    const response = await fetch(`${dev.url}/sign-in`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("nonce-");
  });
});
