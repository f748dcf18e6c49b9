import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResponsesOrgs, type FakeResponsesOrgs } from "../../e2e/fixtures/fake-responses-orgs.mjs";
import { startFaultUpstream, type FaultUpstream } from "./helpers/fault-upstream";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";
import { spendRowsByStatus } from "./helpers/spend-rows";

// The soak: minutes of steady mixed traffic on 127.0.0.1, with keys changing underneath it.
// Chat, streamed chat, Responses conversations load-balanced over two organisations (a follow-up
// sent to the wrong one fails, so every affinity miss shows), key edits and block/unblock probes.
// Reported and asserted: requests served, errors (0), spend rows (= requests), affinity misses
// (0), and the gateway's RSS. SWITCHYARD_SOAK_SECONDS sets the length (default 180).
const seconds = Number(process.env.SWITCHYARD_SOAK_SECONDS ?? 180);
/** RSS may grow by this much from the end of the first minute (caches and JIT warm by then) to the end. */
const rssGrowthBoundMb = 48;

let chatUpstream: FaultUpstream;
let orgs: FakeResponsesOrgs;
let gateway: GatewayProcess;
const databasePath = join(mkdtempSync(join(tmpdir(), "switchyard-soak-")), "soak.db");

beforeAll(async () => {
  chatUpstream = await startFaultUpstream();
  orgs = await startFakeResponsesOrgs();
  gateway = await startGateway({
    databasePath,
    config: `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${chatUpstream.url}/v1", api_key: sk-ok }
  - model_name: reasoner
    litellm_params: { model: openai/o4-mini, api_base: "${orgs.url}/v1", api_key: sk-org-a }
  - model_name: reasoner
    litellm_params: { model: openai/o4-mini, api_base: "${orgs.url}/v1", api_key: sk-org-b }
router_settings: { routing_strategy: simple-shuffle, num_retries: 0 }
`,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await orgs?.close();
  await chatUpstream?.close();
});

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Tally {
  served: number;
  errors: string[];
  affinityMisses: number;
  conversations: number;
  keyChanges: number;
  blockedRefusals: number;
}

function post(path: string, key: string, body: unknown) {
  return fetch(gateway.url + path, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function chat(tally: Tally, key: string, stream: boolean) {
  const response = await post("/v1/chat/completions", key, { model: "gpt-4o", stream, messages: [{ role: "user", content: "soak" }] });
  const text = await response.text();
  if (response.status !== 200 || (stream && !text.trimEnd().endsWith("data: [DONE]"))) return void tally.errors.push(`chat ${response.status} ${text.slice(0, 200)}`);
  tally.served++;
}

/** Three turns, by previous_response_id or by resending encrypted reasoning; every turn must stay with the first turn's deployment. */
async function conversation(tally: Tally, key: string, byPreviousId: boolean) {
  let deployment: string | null = null;
  let previous: string | undefined;
  let history: unknown[] = [];
  for (let turn = 1; turn <= 3; turn++) {
    const input = [{ role: "user", content: `turn ${turn}` }];
    const body = byPreviousId
      ? { model: "reasoner", input, previous_response_id: previous }
      : { model: "reasoner", input: [...history, ...input], store: false, include: ["reasoning.encrypted_content"] };
    const response = await post("/v1/responses", key, body);
    const json = await response.json();
    if (response.status !== 200) return void tally.errors.push(`responses turn ${turn}: ${response.status} ${JSON.stringify(json).slice(0, 200)}`);
    tally.served++;
    const answeredBy = response.headers.get("x-switchyard-deployment-id");
    if (turn === 1) deployment = answeredBy;
    else if (answeredBy !== deployment) tally.affinityMisses++;
    previous = json.id;
    history = [...history, ...input, ...json.output];
  }
  tally.conversations++;
}

/** Edits a live key every second, and blocks/unblocks another, checking each takes effect at once. */
async function keyChanges(tally: Tally, editedKey: string, probeKey: string, until: number) {
  for (let round = 0; Date.now() < until; round++) {
    const edit = await manage(gateway.url, "POST", "/key/update", { key: editedKey, metadata: { round }, rpm_limit: 100_000 + round });
    if (edit.status !== 200) tally.errors.push(`key/update ${edit.status}`);
    await manage(gateway.url, "POST", "/key/block", { key: probeKey });
    const refused = await post("/v1/chat/completions", probeKey, { model: "gpt-4o", messages: [{ role: "user", content: "blocked?" }] });
    const refusal = (await refused.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
    // Exactly the blocked key's refusal: a 429, 503 or 500 here would be a different failure.
    if (refused.status === 401 && refusal?.error?.code === "key_blocked") tally.blockedRefusals++;
    else tally.errors.push(`a blocked key got ${refused.status} ${refusal?.error?.code ?? "(no error code)"}, not 401 key_blocked`);
    await manage(gateway.url, "POST", "/key/unblock", { key: probeKey });
    await chat(tally, probeKey, false);
    tally.keyChanges += 3;
    await sleep(1_000);
  }
}

function spendRows(): { total: number; success: number } {
  const byStatus = spendRowsByStatus(databasePath);
  return { total: Object.values(byStatus).reduce((sum, count) => sum + count, 0), success: byStatus.success ?? 0 };
}

describe("soak", () => {
  it(`serves ${seconds} s of steady mixed traffic with no error, a spend row per request, no affinity miss and flat memory`, { timeout: (seconds + 120) * 1000 }, async () => {
    const [chatKey, conversationKey, probeKey] = [await createKey(gateway.url), await createKey(gateway.url), await createKey(gateway.url)];
    const tally: Tally = { served: 0, errors: [], affinityMisses: 0, conversations: 0, keyChanges: 0, blockedRefusals: 0 };
    const rss: Array<{ at: number; mb: number }> = [];
    const started = Date.now();
    const until = started + seconds * 1000;

    // A steady rate: every 20 ms one operation starts (about 60 requests/s), whatever the others are doing.
    const running = new Set<Promise<void>>();
    const changes = keyChanges(tally, chatKey, probeKey, until);
    let sampledAt = 0;
    for (let tick = 0; Date.now() < until; tick++) {
      const kind = tick % 10;
      const operation = kind < 5 ? chat(tally, chatKey, false) : kind < 8 ? chat(tally, chatKey, true) : conversation(tally, conversationKey, kind === 8);
      const tracked: Promise<void> = operation.catch((error) => void tally.errors.push(String(error))).finally(() => running.delete(tracked));
      running.add(tracked);
      if (Date.now() - sampledAt >= 10_000) {
        sampledAt = Date.now();
        rss.push({ at: Math.round((sampledAt - started) / 1000), mb: rssMb(gateway.pid) });
      }
      await sleep(Math.max(0, started + (tick + 1) * 20 - Date.now()));
    }
    await Promise.all([...running, changes]);
    rss.push({ at: Math.round((Date.now() - started) / 1000), mb: rssMb(gateway.pid) });

    // Every row is written in batches; stop the gateway to be sure nothing is held.
    expect(await gateway.stop()).toBe(0);
    const rows = spendRows();
    const afterFirstMinute = rss.find((sample) => sample.at >= Math.min(60, seconds / 3))!.mb;
    const end = rss.at(-1)!.mb;
    const report = {
      seconds,
      requests_served: tally.served,
      requests_per_second: Math.round(tally.served / seconds),
      errors: tally.errors.length,
      spend_rows: rows.total,
      affinity_misses: tally.affinityMisses,
      conversations: tally.conversations,
      key_changes: tally.keyChanges,
      blocked_key_refusals: tally.blockedRefusals,
      rss_mb: { start: Math.round(rss[0].mb), after_first_minute: Math.round(afterFirstMinute), end: Math.round(end), max: Math.round(Math.max(...rss.map((sample) => sample.mb))) },
      rss_samples_mb: rss.map((sample) => Math.round(sample.mb)),
    };
    console.log(`soak report: ${JSON.stringify(report)}`);
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/soak.json", `${JSON.stringify(report, null, 2)}\n`);

    expect(tally.errors.slice(0, 5)).toEqual([]);
    expect(tally.affinityMisses).toBe(0);
    expect(rows).toEqual({ total: tally.served, success: tally.served });
    expect(tally.served).toBeGreaterThan(seconds * 40);
    expect(tally.blockedRefusals).toBeGreaterThan(seconds / 3);
    expect(end - afterFirstMinute).toBeLessThan(rssGrowthBoundMb);
  });
});
