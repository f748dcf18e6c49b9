import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load-config";
import type { Deployment } from "../../config/types";
import { findMigrationsFolder } from "../../db/migrate";
import { silentLogger } from "../../log";
import { createGateway, type Gateway } from "../create-gateway";
import { GatewayError, errorBody } from "../errors";
import type { RoutePlan } from "../handlers/route-plan";
import type { JsonObject } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { keyPrincipal } from "../testing/builders";
import { builtinFile } from "../testing/builtin-cost-map";
import { credentialHashOf } from "./credential-hash";
import { planMessagesRoute } from "./plan-messages-route";
import { thinkingFingerprint } from "./thinking-refs";

// ant-a and ant-b share account one's key; ant-c alone has account two's.
const configText = (general: string) => `
model_list:
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant-account-one }
    model_info: { id: ant-a }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant-account-one }
    model_info: { id: ant-b }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant-account-two }
    model_info: { id: ant-c }
router_settings: { allowed_fails: 0, cooldown_time: 10, num_retries: 2 }
general_settings:
  master_key: sk-master-key-for-tests
${general}
`;

const target = { group: "claude" };
const principal = keyPrincipal({ token: "d".repeat(64) }, { teamId: "team-1" });
const thinkingOn = { type: "enabled", budget_tokens: 2048 };

const opened: { gateway: Gateway; directory: string }[] = [];
afterEach(async () => {
  for (const { gateway, directory } of opened.splice(0)) {
    await gateway.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

const thinking = (signature: string) => ({ type: "thinking", thinking: "Let me think", signature });
const firstTurn = (): JsonObject => ({ model: "claude", max_tokens: 4096, thinking: thinkingOn, messages: [{ role: "user", content: "Fix the bug" }] });
const followUp = (...assistantContent: unknown[]): JsonObject => ({
  model: "claude",
  max_tokens: 4096,
  thinking: thinkingOn,
  messages: [
    { role: "user", content: "Fix the bug" },
    { role: "assistant", content: [...assistantContent, { type: "tool_use", id: "toolu_1", name: "Read", input: {} }] },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "file" }] },
  ],
});

async function open(general = "") {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-plan-messages-"));
  const gateway = await createGateway({
    config: parseConfig(configText(general), "plan-messages-test.yaml", { lookupEnv: () => undefined }),
    databaseUrl: `file:${join(directory, "gateway.db")}`,
    migrationsFolder: findMigrationsFolder(process.cwd()),
    builtinCostMapFile: builtinFile,
    log: silentLogger(),
    maxBodyBytes: 1_000_000,
    now: () => Date.UTC(2026, 1, 17, 12),
  });
  opened.push({ gateway, directory });
  const { ctx } = gateway;
  const deployment = (id: string): Deployment => ctx.router.deploymentsOf("claude").find((candidate) => candidate.id === id)!;
  /** A first turn answered by `id` with these content blocks, whole (`json`) or streamed (`events`), recorded as the gateway records it. */
  const answeredBy = async (id: string, content: unknown[], who = principal) => {
    const plan = await planMessagesRoute(ctx, firstTurn(), target, who);
    await plan.observe!(deployment(id)).json!({ id: "msg_1", type: "message", role: "assistant", content });
  };
  const streamedBy = async (id: string, events: unknown[]) => {
    const plan = await planMessagesRoute(ctx, firstTurn(), target, principal);
    const observer = plan.observe!(deployment(id));
    for (const event of events) await observer.payload!(JSON.stringify(event));
  };
  const coolDown = (id: string) =>
    ctx.router
      .runPinned(
        "claude",
        (candidate) => candidate.id === id,
        id,
        async () => {
          throw new UpstreamError(500, errorBody("upstream broke", "server_error", null));
        },
      )
      .catch(() => undefined);
  const leased = async (plan: RoutePlan, times = 20) => {
    const ids = new Set<string>();
    for (let index = 0; index < times; index++) await plan.run(async (lease) => (lease.release(), ids.add(lease.deployment.id)));
    return [...ids].sort();
  };
  return { ctx, deployment, answeredBy, streamedBy, coolDown, leased };
}

async function thrown(run: () => unknown): Promise<GatewayError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error("expected a GatewayError");
}

describe("planMessagesRoute without signed thinking to follow", () => {
  it("load balances a request without thinking, and does not watch its answer", async () => {
    const { ctx, leased } = await open();
    const plan = await planMessagesRoute(ctx, { model: "claude", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }, target, principal);
    expect(plan.observe).toBeUndefined();
    expect(plan.headers).toBeUndefined();
    expect(await leased(plan, 60)).toEqual(["ant-a", "ant-b", "ant-c"]);
  });

  it("load balances a first turn with thinking on, and records the signatures of its answer with the deployment's credentials", async () => {
    const { ctx, answeredBy, deployment } = await open();
    await answeredBy("ant-c", [thinking("sig-c-1"), { type: "redacted_thinking", data: "redacted-c-1" }, { type: "text", text: "done" }]);
    const rows = await ctx.affinity.store.find([thinkingFingerprint("sig-c-1"), thinkingFingerprint("redacted-c-1")], ctx.now());
    expect(rows).toMatchObject([
      { kind: "thinking_signature", deploymentId: "ant-c", credentialHash: credentialHashOf(deployment("ant-c")), teamId: "team-1" },
      { kind: "thinking_signature", deploymentId: "ant-c" },
    ]);
    expect(JSON.stringify(rows)).not.toContain("sig-c-1");
  });

  it("load balances a follow-up whose signatures it never saw (older records, another gateway)", async () => {
    const { ctx, leased } = await open();
    const plan = await planMessagesRoute(ctx, followUp(thinking("sig-unknown")), target, principal);
    expect(plan.headers).toBeUndefined();
    expect(plan.observe).toBeTypeOf("function");
    expect(await leased(plan, 60)).toEqual(["ant-a", "ant-b", "ant-c"]);
  });

  it("with affinity switched off, ignores even known signatures", async () => {
    const { ctx, answeredBy, leased } = await open("  responses_affinity: false");
    await answeredBy("ant-c", [thinking("sig-c-1")]).catch(() => undefined);
    const plan = await planMessagesRoute(ctx, followUp(thinking("sig-c-1")), target, principal);
    expect(plan.observe).toBeUndefined();
    expect(await leased(plan, 60)).toEqual(["ant-a", "ant-b", "ant-c"]);
  });

  it("does not honour another team's signatures as a binding", async () => {
    const { ctx, answeredBy, leased } = await open();
    await answeredBy("ant-c", [thinking("sig-c-1")]);
    const otherTeam = keyPrincipal({ token: "e".repeat(64) }, { teamId: "team-2" });
    const plan = await planMessagesRoute(ctx, followUp(thinking("sig-c-1")), target, otherTeam);
    expect(plan.headers).toBeUndefined();
    expect(await leased(plan, 60)).toEqual(["ant-a", "ant-b", "ant-c"]);
  });
});

describe("planMessagesRoute pinned", () => {
  it("sends a follow-up with a signature streamed as signature_delta only to the account that signed it", async () => {
    const { ctx, streamedBy, leased } = await open();
    await streamedBy("ant-c", [
      { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "Let me think" } },
      { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "sig-streamed" } },
      { type: "content_block_stop", index: 0 },
      { type: "message_stop" },
    ]);
    const plan = await planMessagesRoute(ctx, followUp(thinking("sig-streamed")), target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "thinking_signature" });
    expect(await leased(plan)).toEqual(["ant-c"]);
  });

  it("follows redacted thinking data alone", async () => {
    const { ctx, streamedBy, leased } = await open();
    await streamedBy("ant-c", [{ type: "content_block_start", index: 0, content_block: { type: "redacted_thinking", data: "redacted-c" } }, { type: "message_stop" }]);
    const plan = await planMessagesRoute(ctx, followUp({ type: "redacted_thinking", data: "redacted-c" }), target, principal);
    expect(await leased(plan)).toEqual(["ant-c"]);
  });

  it("prefers the deployment that signed, and moves only to one with the same account", async () => {
    const { ctx, answeredBy, coolDown, leased } = await open();
    await answeredBy("ant-b", [thinking("sig-b")]);
    const plan = await planMessagesRoute(ctx, followUp(thinking("sig-b")), target, principal);
    expect(await leased(plan)).toEqual(["ant-b"]);
    await coolDown("ant-b");
    expect(await leased(plan)).toEqual(["ant-a"]);
  });

  it("makes no attempt and reports cooling down instead of trying another account", async () => {
    const { ctx, answeredBy, coolDown } = await open();
    await answeredBy("ant-c", [thinking("sig-c")]);
    await coolDown("ant-c");
    const plan = await planMessagesRoute(ctx, followUp(thinking("sig-c")), target, principal);
    const tried: string[] = [];
    const error = await plan.run(async (lease) => tried.push(lease.deployment.id)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, code: "no_deployment_available" });
    expect(tried).toEqual([]);
  });

  it("refuses blocks signed by two accounts in one request: 400 on messages", async () => {
    const { ctx, answeredBy } = await open();
    await answeredBy("ant-a", [thinking("sig-a")]);
    await answeredBy("ant-c", [thinking("sig-c")]);
    const mixed = await thrown(() => planMessagesRoute(ctx, followUp(thinking("sig-a"), thinking("sig-c")), target, principal));
    expect(mixed).toMatchObject({ status: 400, param: "messages" });
    expect(mixed.message).toContain("different provider accounts");
  });

  it("answers 409 when no deployment of the group has the signing account any more", async () => {
    const { ctx } = await open();
    const createdAt = ctx.now();
    await ctx.affinity.store.record([
      {
        ref: thinkingFingerprint("sig-gone"),
        kind: "thinking_signature",
        deploymentId: "ant-removed",
        credentialHash: "0123456789abcdef0123456789abcdef",
        modelGroup: "claude",
        keyToken: principal.kind === "key" ? principal.key.token : null,
        teamId: "team-1",
        createdAt: new Date(createdAt),
        expiresAt: new Date(createdAt + 60_000),
      },
    ]);
    const gone = await thrown(() => planMessagesRoute(ctx, followUp(thinking("sig-gone")), target, principal));
    expect(gone.status).toBe(409);
    expect(gone.message).toContain('no deployment of model group "claude"');
    expect(gone.message).not.toContain("0123456789abcdef");
  });
});
