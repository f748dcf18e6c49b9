import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type TestInfo } from "@playwright/test";

// The run needs its own network namespace (only `lo`), so it is a child process under
// `unshare --net` rather than this worker's browser: see e2e/realtime/run-webrtc-in-netns.mjs.
// The webServer that playwright.config.ts starts for the other specs is not used here.

interface RunOutcome {
  code: number | null;
  output: string;
  result: any;
}

async function runInNetns(testInfo: TestInfo, args: string[] = []): Promise<RunOutcome> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-webrtc-"));
  const outPath = join(directory, "result.json");
  const script = join(__dirname, "realtime/run-webrtc-in-netns.mjs");
  const child = spawn("unshare", ["--net", process.execPath, script, "--out", outPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  let result: any = null;
  try {
    const text = readFileSync(outPath, "utf8");
    result = JSON.parse(text);
    await testInfo.attach(`result${args.join("")}.json`, { body: text, contentType: "application/json" });
    const screenshot = join(directory, "result-dashboard.png");
    if (existsSync(screenshot)) await testInfo.attach("realtime-tester.png", { path: screenshot, contentType: "image/png" });
  } catch {
    // No result file: the output below says why.
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  if (output) await testInfo.attach(`output${args.join("")}.txt`, { body: output, contentType: "text/plain" });
  return { code, output, result };
}

function expectSessionOverDataChannel({ code, output, result }: RunOutcome) {
  expect(result, `no result JSON; output:\n${output}`).not.toBeNull();
  expect(code, `run failed: ${result.error ?? result.page?.error}\n${output}`).toBe(0);
  expect(result.links).toEqual(["lo"]);
  expect(result.page.dataChannelOpen).toBe(true);
  const types = result.page.events.map((event: { type: string }) => event.type);
  expect(types).toEqual(["session.created", "session.updated"]);
  expect(result.page.events[1].session.instructions).toBe("be brief");
  expect(result.page.connectionState).toBe("connected");
  // Nothing but loopback on either side: the fake's answer, and what Chromium offered.
  const candidates: string[] = [...result.page.offerCandidates, ...result.page.answerCandidates];
  expect(candidates.length).toBeGreaterThan(0);
  for (const candidate of candidates) expect(candidate.split(" ")[4]).toBe("127.0.0.1");
}

test("the browser opens a realtime call through the gateway and gets session.updated on oai-events", async ({}, testInfo) => {
  test.setTimeout(90_000);
  const outcome = await runInNetns(testInfo);
  expectSessionOverDataChannel(outcome);
  const { result } = outcome;

  const callsAnswer = result.network.find((entry: any) => entry.method === "POST" && entry.url === `${result.gatewayUrl}/v1/realtime/calls`);
  expect(callsAnswer, "the page never got an answer from the gateway's /v1/realtime/calls").toBeTruthy();
  expect(callsAnswer.status).toBe(201);
  expect(callsAnswer.contentType).toMatch(/^application\/sdp/);
  expect(callsAnswer.location).toMatch(/^\/v1\/realtime\/calls\/rtc_[0-9a-f]+$/);
  // The page reads it too: the gateway exposes Location to the browser's origin.
  expect(result.page.calls.location).toBe(callsAnswer.location);

  // The browser held a Switchyard token; the provider saw only the ephemeral key inside it.
  expect(result.page.token).not.toMatch(/^ek_/);
  expect(result.fake.offers).toHaveLength(1);
  expect(result.fake.offers[0]).toMatchObject({ contentType: "application/sdp", authorizationIsIssuedEphemeralKey: true, authorizationIsPageToken: false, offerHasMedia: true });
  expect(result.fake.calls).toHaveLength(1);
  expect(result.fake.calls[0]).toMatchObject({ apiKey: "sk-rt-a", channelOpen: true });
});

test("the same page against the fake directly (no gateway) gets session.updated too", async ({}, testInfo) => {
  test.setTimeout(60_000);
  const outcome = await runInNetns(testInfo, ["--direct"]);
  expectSessionOverDataChannel(outcome);
  expect(outcome.result.fake.offers[0]).toMatchObject({ authorizationIsIssuedEphemeralKey: true, authorizationIsPageToken: true });
});

test("the dashboard's Realtime tester connects through the gateway and shows session.updated", async ({}, testInfo) => {
  test.setTimeout(120_000);
  const { code, output, result } = await runInNetns(testInfo, ["--dashboard"]);
  expect(result, `no result JSON; output:\n${output}`).not.toBeNull();
  expect(code, `run failed: ${result.error}\n${output}`).toBe(0);
  expect(result.links).toEqual(["lo"]);
  expect(result.page.events.map((event: { type: string }) => event.type)).toEqual(["session.created", "session.updated"]);
  expect(result.fake.calls).toHaveLength(1);
  expect(result.fake.calls[0]).toMatchObject({ apiKey: "sk-rt-a", channelOpen: true });
  expect(result.fake.calls[0].events.map((event: { type: string }) => event.type)).toEqual(["session.update"]);
});
