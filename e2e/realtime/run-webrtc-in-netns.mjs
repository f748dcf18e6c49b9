// The realtime WebRTC end-to-end run: headless Chromium runs the quickstart client code against the
// gateway, which forwards the offer to the fake Realtime provider's werift peer. ICE must not reach
// this machine's other addresses, so it runs only in a fresh network namespace that holds `lo` alone:
//   unshare --net node e2e/realtime/run-webrtc-in-netns.mjs --out result.json [--direct]
// --direct skips the gateway (the page talks to the fake), to tell a gateway fault from a WebRTC one.
// Writes the result JSON to --out; exits 0 when `session.updated` arrived on the data channel.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startFakeRealtime } from "../fixtures/fake-realtime.mjs";
import { dashboardAdmin, startRealtimeGateway } from "./start-realtime-gateway.mjs";

const outIndex = process.argv.indexOf("--out");
const outPath = outIndex === -1 ? undefined : process.argv[outIndex + 1];
const direct = process.argv.includes("--direct");
// --dashboard drives the dashboard's Realtime tester page (signed in) instead of the static test page.
const dashboard = process.argv.includes("--dashboard");
const upstreamKey = "sk-rt-a";
const doneTimeoutMs = 20_000;
const chromiumArgs = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Without it Chromium gathers no candidate at all when loopback is the only interface.
  "--allow-loopback-in-peer-connection",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
];

/** Brings `lo` up and refuses to go on unless it is the only link: ICE must stay on loopback. */
function isolateToLoopback() {
  execFileSync("ip", ["link", "set", "lo", "up"]);
  const links = execFileSync("ip", ["-o", "link"], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(":")[1].trim());
  if (links.length !== 1 || links[0] !== "lo") {
    throw new Error(`not in a fresh network namespace (links: ${links.join(", ")}); run under \`unshare --net\``);
  }
  return links;
}

function servePage() {
  const html = readFileSync(new URL("./test-page.html", import.meta.url));
  const server = createServer((request, response) => {
    if (new URL(request.url, "http://page").pathname !== "/") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(html);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

/** What the fake saw, reduced to what a test asserts on. */
function fakeView(fake, pageToken) {
  const offers = fake.requests.filter((request) => request.kind === "calls");
  return {
    requests: fake.requests.map(({ method, url, kind, headers }) => ({ method, url, kind, contentType: headers["content-type"] ?? null })),
    offers: offers.map((request) => {
      const bearer = String(request.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
      return {
        url: request.url,
        contentType: request.headers["content-type"] ?? null,
        authorizationIsIssuedEphemeralKey: bearer.startsWith("ek_") && fake.secrets.has(bearer),
        authorizationIsPageToken: bearer === pageToken,
        offerHasMedia: /^m=audio /m.test(request.body) && /^m=application /m.test(request.body),
      };
    }),
    calls: [...fake.calls].map(([id, call]) => ({
      id,
      apiKey: call.apiKey,
      channelOpen: call.channelOpen,
      sidebandAttached: call.sideband !== undefined,
      events: call.events,
      session: call.session,
    })),
  };
}

async function run(result) {
  result.links = isolateToLoopback();
  const stack = [];
  try {
    const fake = await startFakeRealtime({ keys: [upstreamKey, "sk-rt-b"] });
    stack.push(() => fake.close());
    result.fakeUrl = fake.url;

    let target = { origin: fake.url, key: upstreamKey };
    if (!direct) {
      const gateway = await startRealtimeGateway({ fakeUrl: fake.url, upstreamKey, dashboard });
      stack.push(async () => {
        result.gatewayOutput = gateway.output().slice(-4_000);
        await gateway.stop();
      });
      result.gatewayUrl = gateway.url;
      target = { origin: gateway.url, key: gateway.virtualKey };
    }

    const page = await servePage();
    stack.push(() => page.close());
    const pageUrl = `${page.url}?${new URLSearchParams({ gateway: target.origin, key: target.key, ...(direct ? { direct: "1" } : {}) })}`;

    const profile = mkdtempSync(join(tmpdir(), "switchyard-chromium-"));
    stack.push(() => rmSync(profile, { recursive: true, force: true }));
    const launchedAt = Date.now();
    const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: chromiumArgs });
    stack.push(() => context.close());
    result.timings = { browserLaunchMs: Date.now() - launchedAt };

    const tab = context.pages()[0] ?? (await context.newPage());
    result.console = [];
    result.network = [];
    tab.on("console", (message) => result.console.push(`${message.type()}: ${message.text()}`));
    tab.on("pageerror", (error) => result.console.push(`pageerror: ${error.message}`));
    tab.on("requestfailed", (request) => result.network.push({ url: request.url(), method: request.method(), failure: request.failure()?.errorText }));
    // The network view, not the page's: it sees every header, whatever CORS exposes to the script.
    tab.on("response", async (response) => {
      const headers = await response.allHeaders().catch(() => ({}));
      result.network.push({
        url: response.url(),
        method: response.request().method(),
        status: response.status(),
        location: headers.location ?? null,
        contentType: headers["content-type"] ?? null,
      });
    });

    if (dashboard) {
      await runDashboardTester(tab, target, result);
      result.timings.launchToSessionUpdatedMs = Date.now() - launchedAt;
      result.fake = fakeView(fake, undefined);
    } else {
      await tab.goto(pageUrl);
      await tab
        .waitForFunction(() => window.__result?.done === true, undefined, { timeout: doneTimeoutMs })
        .catch((error) => {
          result.error = `page did not finish in ${doneTimeoutMs} ms: ${error.message.split("\n")[0]}`;
        });
      result.page = await tab.evaluate(() => window.__result);
      if (result.page?.ok) result.timings.launchToSessionUpdatedMs = result.page.finishedAtEpochMs - launchedAt;
      result.timings.page = result.page?.timings;
      result.fake = fakeView(fake, result.page?.token);
    }
  } finally {
    for (const close of stack.reverse()) {
      await Promise.resolve()
        .then(close)
        .catch((error) => (result.cleanupErrors ??= []).push(String(error)));
    }
  }
  const events = result.page?.events ?? [];
  result.ok = !result.error && result.page?.ok === true && result.page.dataChannelOpen === true && events.some((event) => event.type === "session.updated");
}

/** Signs in and uses the dashboard's Realtime tester: connect, watch the channel open, send session.update. */
async function runDashboardTester(tab, target, result) {
  await tab.goto(`${target.origin}/sign-in`);
  await tab.getByLabel("Email").fill(dashboardAdmin.email);
  await tab.getByLabel("Password").fill(dashboardAdmin.password);
  await tab.getByRole("button", { name: "Sign in", exact: true }).click();
  await tab.getByRole("heading", { name: "Overview" }).waitFor({ timeout: 15_000 });
  await tab.goto(`${target.origin}/realtime`);
  await tab.getByLabel("Virtual key").fill(target.key);
  await tab.getByLabel("Realtime model group").selectOption("gpt-realtime");
  await tab.getByRole("button", { name: "Connect" }).click();
  await tab.getByTestId("channel-state").filter({ hasText: "open" }).waitFor({ timeout: doneTimeoutMs });
  await tab.getByRole("button", { name: "Send session.update" }).click();
  await tab.getByTestId("event-log").filter({ hasText: "session.updated" }).waitFor({ timeout: doneTimeoutMs });
  const log = await tab.getByTestId("event-log").innerText();
  result.page = {
    ok: true,
    dataChannelOpen: true,
    connectionState: await tab.getByTestId("connection-state").innerText(),
    events: log
      .split("\n")
      .filter((line) => line.includes("received:"))
      .map((line) => ({ type: /"type":"([^"]+)"/.exec(line)?.[1], line })),
  };
  if (outPath) await tab.screenshot({ path: outPath.replace(/\.json$/, "") + "-dashboard.png", fullPage: true });
}

const result = { ok: false, direct, dashboard, startedAt: new Date().toISOString() };
try {
  await run(result);
} catch (error) {
  result.error = String(error.stack ?? error);
}
if (outPath) writeFileSync(outPath, JSON.stringify(result, null, 2));
else console.log(JSON.stringify(result, null, 2));
if (!result.ok) console.error(`realtime WebRTC run failed: ${result.error ?? result.page?.error ?? "no session.updated"}`);
process.exit(result.ok ? 0 : 1);
