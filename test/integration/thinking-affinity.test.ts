import Anthropic from "@anthropic-ai/sdk";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAnthropicAccounts, type FakeAnthropicAccounts } from "../../e2e/fixtures/fake-anthropic-accounts.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey, manage } from "./helpers/management";

// The failure this guards against: a model group load balanced over two Anthropic accounts.
// With extended thinking on, every assistant turn carries thinking blocks signed by the account
// that answered; Claude Code sends them back on every tool turn, and the other account answers
// 400 "Invalid `signature` in `thinking` block". Every turn must reach the signing account.
let fake: FakeAnthropicAccounts;

beforeAll(async () => {
  fake = await startFakeAnthropicAccounts();
});

afterAll(async () => {
  await fake?.close();
});

const accountKeys = ["sk-ant-account-a", "sk-ant-account-b"];
const twoAccounts = (general = "", keys = accountKeys) => `
model_list:
${keys.map((key) => `  - model_name: claude-sonnet-4-5-20250929\n    litellm_params: { model: anthropic/claude-sonnet-4-5-20250929, api_base: "${fake.url}", api_key: ${key} }\n`).join("")}
router_settings: { routing_strategy: simple-shuffle, num_retries: 2, allowed_fails: 0, cooldown_time: 30 }
general_settings: { ${general} }
`;

// What Claude Code sends: system blocks with cache_control, a dozen tools, beta headers, thinking on.
const betas = "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14";
const toolNames = ["Task", "Bash", "Glob", "Grep", "LS", "Read", "Edit", "MultiEdit", "Write", "NotebookEdit", "WebFetch", "TodoWrite"];
const tools: Anthropic.Tool[] = toolNames.map((name) => ({
  name,
  description: `The ${name} tool`,
  input_schema: { type: "object", properties: { step: { type: "number" } }, additionalProperties: false },
}));
const system: Anthropic.TextBlockParam[] = [
  { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: "ephemeral" } },
  { type: "text", text: "You are an interactive CLI tool that helps users with software engineering tasks.", cache_control: { type: "ephemeral" } },
];

const clientFor = (gateway: GatewayProcess, key: string) => new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
const turnBody = (messages: Anthropic.MessageParam[]): Anthropic.MessageCreateParamsNonStreaming => ({
  model: "claude-sonnet-4-5-20250929",
  max_tokens: 16000,
  system,
  tools,
  messages,
  thinking: { type: "enabled", budget_tokens: 8000 },
  metadata: { user_id: "user_replay_session" },
});

/** One Claude Code session: streamed tool turns until the model answers text; returns each turn's final message and affinity header. */
async function session(client: Anthropic, prompt: string) {
  const messages: Anthropic.MessageParam[] = [{ role: "user", content: [{ type: "text", text: prompt, cache_control: { type: "ephemeral" } }] }];
  const turns: { message: Anthropic.Message; affinity: string | null }[] = [];
  for (let turn = 0; turn < 8; turn++) {
    const stream = client.messages.stream(turnBody(messages), { headers: { "anthropic-beta": betas } });
    const { response } = await stream.withResponse();
    const message = await stream.finalMessage();
    turns.push({ message, affinity: response.headers.get("x-switchyard-affinity") });
    messages.push({ role: "assistant", content: message.content as Anthropic.ContentBlockParam[] });
    const uses = message.content.filter((block) => block.type === "tool_use");
    if (message.stop_reason !== "tool_use") return turns;
    messages.push({ role: "user", content: uses.map((use) => ({ type: "tool_result" as const, tool_use_id: use.id, content: `ran ${use.name}` })) });
  }
  throw new Error("the session never ended");
}

const sessions = (client: Anthropic, count: number) =>
  Promise.all(
    Array.from({ length: count }, (_, index) =>
      session(client, `task ${index}`).then(
        (turns) => ({ ok: true as const, turns }),
        (error: unknown) => ({ ok: false as const, error: error as InstanceType<typeof Anthropic.APIError> }),
      ),
    ),
  );

const accountOf = (message: Anthropic.Message) => (message.content.find((block) => block.type === "thinking") as Anthropic.ThinkingBlock).thinking.split(" ")[0];

describe("signed thinking affinity across two Anthropic accounts", () => {
  it("replays 12 Claude Code sessions in parallel, 4 streamed tool turns each, with 0 invalid-signature errors", async () => {
    const gateway = await startGateway({ config: twoAccounts() });
    try {
      const before = fake.requests.length;
      const results = await sessions(clientFor(gateway, await createKey(gateway.url)), 12);
      expect(results.filter((result) => !result.ok).map((result) => (result as { error: Error }).error.message)).toEqual([]);
      const firstAccounts = new Set<string>();
      for (const result of results) {
        if (!result.ok) continue;
        expect(result.turns.map((turn) => turn.message.stop_reason)).toEqual(["tool_use", "tool_use", "tool_use", "tool_use", "end_turn"]);
        // The first turn is load balanced; every follow-up is pinned and stays on its account.
        expect(result.turns.map((turn) => turn.affinity)).toEqual([null, ...Array(4).fill("thinking_signature")]);
        const account = accountOf(result.turns[0].message);
        firstAccounts.add(account);
        expect(result.turns.map((turn) => accountOf(turn.message))).toEqual(Array(5).fill(account));
      }
      // Both accounts did serve sessions: the load balancer was free for first turns.
      expect(firstAccounts).toEqual(new Set(["account-a", "account-b"]));
      // The session reached the accounts as Claude Code sent it: beta header, cache_control, tools, thinking.
      const upstream = fake.requests.slice(before);
      expect(upstream).toHaveLength(60);
      for (const request of upstream) {
        expect(request.headers["anthropic-beta"]).toBe(betas);
        expect(request.body.tools).toHaveLength(12);
        expect(request.body.system[0].cache_control).toEqual({ type: "ephemeral" });
        expect(request.body.thinking).toEqual({ type: "enabled", budget_tokens: 8000 });
      }
    } finally {
      await gateway.stop();
    }
  });

  it("fails with invalid signatures when affinity is switched off (the test can see the bug)", async () => {
    const gateway = await startGateway({ config: twoAccounts("responses_affinity: false") });
    try {
      const results = await sessions(clientFor(gateway, await createKey(gateway.url)), 8);
      const failures = results.filter((result) => !result.ok).map((result) => (result as { error: InstanceType<typeof Anthropic.APIError> }).error);
      expect(failures.length).toBeGreaterThan(0);
      for (const error of failures) {
        expect(error.status).toBe(400);
        expect(error.message).toMatch(/Invalid `(signature|data)` in `(thinking|redacted_thinking)` block/);
      }
    } finally {
      await gateway.stop();
    }
  });
});

describe("signed thinking affinity is durable, private and honest", () => {
  let gateway: GatewayProcess;
  const databasePath = join(mkdtempSync(join(tmpdir(), "switchyard-thinking-affinity-")), "gateway.db");

  afterAll(async () => {
    await gateway?.stop();
  });

  /** A first turn (not streamed) that landed on `account`: asked until the load balancer put it there. */
  async function firstTurnOn(key: string, account: string) {
    const client = clientFor(gateway, key);
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "Fix the failing test" }];
    for (let attempt = 0; attempt < 40; attempt++) {
      const message = await client.messages.create(turnBody(messages), { headers: { "anthropic-beta": betas } });
      if (accountOf(message) === account) return [...messages, { role: "assistant" as const, content: message.content as Anthropic.ContentBlockParam[] }, toolResult(message)];
    }
    throw new Error(`never landed on ${account}`);
  }
  const toolResult = (message: Anthropic.Message): Anthropic.MessageParam => {
    const use = message.content.find((block) => block.type === "tool_use") as Anthropic.ToolUseBlock;
    return { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "ok" }] };
  };
  const refusal = (pending: Promise<unknown>) =>
    pending.then(
      () => {
        throw new Error("expected the gateway to refuse");
      },
      (error: unknown) => error as InstanceType<typeof Anthropic.APIError>,
    );
  const followUp = (client: Anthropic, messages: Anthropic.MessageParam[]) => client.messages.create(turnBody(messages)).withResponse();

  it("survives a restart of the gateway (same database)", async () => {
    gateway = await startGateway({ config: twoAccounts(), databasePath });
    const key = await createKey(gateway.url);
    const conversation = await firstTurnOn(key, "account-a");
    await gateway.stop();
    gateway = await startGateway({ config: twoAccounts(), databasePath });
    for (let turn = 0; turn < 6; turn++) {
      const { data, response } = await followUp(clientFor(gateway, key), conversation);
      expect(accountOf(data)).toBe("account-a");
      expect(response.headers.get("x-switchyard-affinity")).toBe("thinking_signature");
    }
  });

  it("does not honour another team's signatures as a binding; the same team's other key follows them", async () => {
    const teamA = (await manage(gateway.url, "POST", "/team/new", { team_alias: "a" })).json.team_id;
    const teamB = (await manage(gateway.url, "POST", "/team/new", { team_alias: "b" })).json.team_id;
    const keyA = await createKey(gateway.url, { team_id: teamA });
    const keyA2 = await createKey(gateway.url, { team_id: teamA });
    const keyB = await createKey(gateway.url, { team_id: teamB });
    const conversation = await firstTurnOn(keyA, "account-b");
    const asB = clientFor(gateway, keyB);
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 16; attempt++) {
      const outcome = await followUp(asB, conversation).then(
        ({ data, response }) => ({ account: accountOf(data), affinity: response.headers.get("x-switchyard-affinity") }),
        (error: InstanceType<typeof Anthropic.APIError>) => ({ account: `refused ${error.status}`, affinity: error.headers?.get("x-switchyard-affinity") ?? null }),
      );
      expect(outcome.affinity).toBeNull();
      seen.add(outcome.account);
    }
    // Load balanced as if unknown: the other account refuses the signatures, as it would without the gateway.
    expect(seen).toEqual(new Set(["account-b", "refused 400"]));
    for (let turn = 0; turn < 4; turn++) {
      const { data, response } = await followUp(clientFor(gateway, keyA2), conversation);
      expect(accountOf(data)).toBe("account-b");
      expect(response.headers.get("x-switchyard-affinity")).toBe("thinking_signature");
    }
  });

  it("fails fast in Anthropic's shape when the signing account cannot serve: 429 with Retry-After, never rerouted; 409 once it is gone", async () => {
    const key = await createKey(gateway.url);
    const client = clientFor(gateway, key);
    const conversation = await firstTurnOn(key, "account-a");
    fake.failNext("sk-ant-account-a", 429, 1);
    const limited = await refusal(followUp(client, conversation));
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    // Now cooling down: refused at once, with Retry-After, and never sent to account-b.
    const before = fake.requests.length;
    const cooling = await refusal(followUp(client, conversation));
    expect(cooling).toBeInstanceOf(Anthropic.RateLimitError);
    expect(cooling.status).toBe(429);
    expect(cooling.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(Number(cooling.headers?.get("retry-after"))).toBeGreaterThan(0);
    expect(fake.requests.length).toBe(before);

    await gateway.stop();
    gateway = await startGateway({ config: twoAccounts("", ["sk-ant-account-b"]), databasePath });
    const gone = await refusal(followUp(clientFor(gateway, key), conversation));
    expect(gone.status).toBe(409);
    expect(gone.error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect(gone.message).toContain("signed by a provider account that no deployment");
    expect(gone.message).not.toMatch(/[0-9a-f]{32}/);
  });
});
