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
import { recordAffinity } from "./affinity-recorder";
import { credentialHashOf } from "./credential-hash";
import { planResponsesRoute } from "./plan-responses-route";
import { encryptedFingerprint } from "./refs";
import { builtinFile } from "../testing/builtin-cost-map";

// dep-a and dep-b share org one's credentials; dep-c alone has org two's.
const configText = (general: string) => `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-org-one-secret, organization: org-one }
    model_info: { id: dep-a, mode: responses }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-org-one-secret, organization: org-one }
    model_info: { id: dep-b, mode: responses }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-org-two-secret, organization: org-two }
    model_info: { id: dep-c, mode: responses }
router_settings: { allowed_fails: 0, cooldown_time: 10, num_retries: 2 }
general_settings:
  master_key: sk-master-key-for-tests
${general}
`;

const target = { group: "gpt-4o" };
const principal = keyPrincipal({ token: "d".repeat(64) }, { teamId: "team-1" });
const blob = "gAAAAABo-org-two-reasoning";

const opened: { gateway: Gateway; directory: string }[] = [];
afterEach(async () => {
  for (const { gateway, directory } of opened.splice(0)) {
    await gateway.close();
    rmSync(directory, { recursive: true, force: true });
  }
});

async function open(general = "") {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-plan-"));
  const gateway = await createGateway({
    config: parseConfig(configText(general), "plan-test.yaml", { lookupEnv: () => undefined }),
    databaseUrl: `file:${join(directory, "gateway.db")}`,
    migrationsFolder: findMigrationsFolder(process.cwd()),
    builtinCostMapFile: builtinFile,
    log: silentLogger(),
    maxBodyBytes: 1_000_000,
    now: () => Date.UTC(2026, 1, 17, 12),
  });
  opened.push({ gateway, directory });
  const { ctx } = gateway;
  const deployment = (id: string): Deployment => ctx.router.deploymentsOf("gpt-4o").find((candidate) => candidate.id === id)!;
  /** A first turn served by `id`, recorded as the gateway records a real answer. */
  const answeredBy = async (id: string, responseId: string, output: unknown[]) => {
    const plan = await planResponsesRoute(ctx, { model: "gpt-4o", input: "Hi" }, target, principal);
    await plan.observe!(deployment(id)).json!({ id: responseId, object: "response", status: "completed", output });
  };
  const coolDown = (id: string) =>
    ctx.router
      .runPinned(
        "gpt-4o",
        (candidate) => candidate.id === id,
        id,
        async () => {
          throw new UpstreamError(500, errorBody("upstream broke", "server_error", null));
        },
      )
      .catch(() => undefined);
  /** Which deployments `plan.run` leases over `times` requests. */
  const leased = async (plan: RoutePlan, times = 20) => {
    const ids = new Set<string>();
    for (let index = 0; index < times; index++) await plan.run(async (lease) => (lease.release(), ids.add(lease.deployment.id)));
    return [...ids].sort();
  };
  return { gateway, ctx, deployment, answeredBy, coolDown, leased };
}

const followUp = (input: unknown, previous?: string): JsonObject => ({ model: "gpt-4o", input, ...(previous ? { previous_response_id: previous } : {}) });
const reasoning = (id: string | undefined, content: string) => ({ type: "reasoning", ...(id ? { id } : {}), summary: [], encrypted_content: content });
const message = (id: string, text: string) => ({ type: "message", id, role: "assistant", content: [{ type: "output_text", text }] });

async function thrown(run: () => unknown): Promise<GatewayError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error("expected a GatewayError");
}

describe("planResponsesRoute without affinity to follow", () => {
  it("with affinity disabled, is the plain load-balanced plan: no observer, no headers, body untouched", async () => {
    const { ctx, deployment, leased } = await open("  responses_affinity: false");
    // A record from when affinity was on: switched off, it no longer binds anything.
    await recordAffinity(ctx.affinity.store, ctx.affinity.settings, deployment("dep-c"), principal, ctx.now).json!({ id: "resp_1", output: [] });
    const body = followUp([reasoning("rs_1", blob)], "resp_1");
    const plan = await planResponsesRoute(ctx, body, target, principal);
    expect(plan.observe).toBeUndefined();
    expect(plan.headers).toBeUndefined();
    expect(plan.body).toBe(body);
    expect(await leased(plan, 60)).toEqual(["dep-a", "dep-b", "dep-c"]);
  });

  it("without references, load balances and observes the answer so the next turn can follow it", async () => {
    const { ctx, deployment, leased } = await open();
    const body = followUp("Hello");
    const plan = await planResponsesRoute(ctx, body, target, principal);
    expect(plan.body).toBe(body);
    expect(plan.headers).toBeUndefined();
    expect(await leased(plan, 60)).toEqual(["dep-a", "dep-b", "dep-c"]);
    await plan.observe!(deployment("dep-b")).json!({ id: "resp_9", output: [message("msg_9", "Hi")] });
    expect(await ctx.affinity.store.find(["resp_9", "msg_9"], ctx.now())).toMatchObject([
      { deploymentId: "dep-b", teamId: "team-1", credentialHash: credentialHashOf(deployment("dep-b")) },
      { deploymentId: "dep-b", teamId: "team-1" },
    ]);
  });

  it("load balances with an observer when the references are unknown", async () => {
    const { ctx, leased } = await open();
    const plan = await planResponsesRoute(ctx, followUp([message("msg_unknown", "x"), reasoning(undefined, "never-seen")], "resp_unknown"), target, principal);
    expect(plan.headers).toBeUndefined();
    expect(plan.observe).toBeTypeOf("function");
    expect(await leased(plan, 60)).toEqual(["dep-a", "dep-b", "dep-c"]);
  });
});

describe("planResponsesRoute pinned", () => {
  it("sends a previous_response_id follow-up only to the credentials that made it", async () => {
    const { ctx, answeredBy, leased } = await open();
    await answeredBy("dep-c", "resp_1", [reasoning("rs_1", blob)]);
    const plan = await planResponsesRoute(ctx, followUp("And then?", "resp_1"), target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "previous_response_id" });
    expect(plan.observe).toBeTypeOf("function");
    expect(await leased(plan)).toEqual(["dep-c"]);
  });

  it("prefers the deployment that made the items, and moves only to one with the same credentials", async () => {
    const { ctx, answeredBy, coolDown, leased } = await open();
    await answeredBy("dep-b", "resp_1", [message("msg_1", "Hi")]);
    const plan = await planResponsesRoute(ctx, followUp([message("msg_1", "Hi"), { role: "user", content: "More" }]), target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "item_id" });
    expect(await leased(plan)).toEqual(["dep-b"]);
    await coolDown("dep-b");
    expect(await leased(plan)).toEqual(["dep-a"]);
  });

  it("follows encrypted reasoning resent without ids", async () => {
    const { ctx, answeredBy, leased } = await open();
    await answeredBy("dep-c", "resp_1", [reasoning("rs_1", blob)]);
    const plan = await planResponsesRoute(ctx, followUp([reasoning(undefined, blob), { role: "user", content: "Go on" }]), target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "encrypted_content" });
    expect(plan.body.input).toEqual([reasoning(undefined, blob), { role: "user", content: "Go on" }]);
    expect(await leased(plan)).toEqual(["dep-c"]);
  });

  it("makes one attempt and reports cooling down instead of trying other credentials", async () => {
    const { ctx, answeredBy, coolDown } = await open();
    await answeredBy("dep-c", "resp_1", []);
    await coolDown("dep-c");
    const plan = await planResponsesRoute(ctx, followUp("Hi", "resp_1"), target, principal);
    const tried: string[] = [];
    const error = await plan.run(async (lease) => tried.push(lease.deployment.id)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 503, code: "no_deployment_available" });
    expect(tried).toEqual([]);
  });

  it("answers 404 for another team's previous response and 400 for items of two organisations", async () => {
    const { ctx, answeredBy } = await open();
    await answeredBy("dep-a", "resp_1", [message("msg_1", "one")]);
    await answeredBy("dep-c", "resp_2", [message("msg_2", "two")]);
    const otherTeam = keyPrincipal({ token: "e".repeat(64) }, { teamId: "team-2" });
    expect(await thrown(() => planResponsesRoute(ctx, followUp("Hi", "resp_1"), target, otherTeam))).toMatchObject({ status: 404, param: "previous_response_id" });
    const mixed = await thrown(() => planResponsesRoute(ctx, followUp([message("msg_1", "one"), message("msg_2", "two")]), target, principal));
    expect(mixed.status).toBe(400);
    expect(mixed.message).toContain("[msg_1] and [msg_2]");
  });
});

describe("planResponsesRoute when the bound credentials cannot serve", () => {
  const goneRow = (ref: string, kind: "response" | "item" | "encrypted_content") => ({
    ref,
    kind,
    deploymentId: "dep-removed",
    credentialHash: "0123456789abcdef0123456789abcdef",
    modelGroup: "gpt-4o",
    keyToken: principal.kind === "key" ? principal.key.token : null,
    teamId: "team-1",
    createdAt: new Date(Date.UTC(2026, 1, 17)),
    expiresAt: new Date(Date.UTC(2026, 2, 17)),
  });

  it("answers 409 naming neither deployment ids nor credential hashes", async () => {
    const { ctx, deployment } = await open();
    await ctx.affinity.store.record([goneRow("resp_old", "response"), goneRow("msg_old", "item")]);
    for (const body of [followUp("Hi", "resp_old"), followUp([message("msg_old", "x")])]) {
      const error = await thrown(() => planResponsesRoute(ctx, body, target, principal));
      expect(error).toMatchObject({ status: 409, code: "conflict" });
      for (const secret of ["dep-removed", "0123456789abcdef", "dep-a", "dep-c", credentialHashOf(deployment("dep-a")), "sk-org"]) expect(error.message).not.toContain(secret);
    }
  });

  it("with dropUnreadableReasoning, drops encrypted items and bound ids when the credentials are gone", async () => {
    const { ctx, leased } = await open("  responses_drop_unreadable_reasoning: true");
    await ctx.affinity.store.record([goneRow("msg_old", "item"), goneRow(encryptedFingerprint(blob), "encrypted_content")]);
    const input = [reasoning("rs_old", blob), message("msg_old", "Earlier answer"), { type: "item_reference", id: "msg_old" }, { type: "message", role: "user", content: "Next" }, "stray"];
    const body = followUp(input);
    const plan = await planResponsesRoute(ctx, body, target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "dropped" });
    expect(plan.body.input).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Earlier answer" }] },
      { type: "message", role: "user", content: "Next" },
      "stray",
    ]);
    expect(JSON.stringify(plan.body)).not.toContain("encrypted_content");
    expect(body.input).toBe(input);
    expect(input[1]).toHaveProperty("id", "msg_old");
    expect(plan.observe).toBeTypeOf("function");
    expect(await leased(plan, 60)).toEqual(["dep-a", "dep-b", "dep-c"]);
  });

  it("with dropUnreadableReasoning, drops when every bound deployment is cooling down", async () => {
    const { ctx, answeredBy, coolDown, leased } = await open("  responses_drop_unreadable_reasoning: true");
    await answeredBy("dep-c", "resp_1", [reasoning("rs_1", blob)]);
    await coolDown("dep-c");
    const plan = await planResponsesRoute(ctx, followUp([reasoning("rs_1", blob), { role: "user", content: "Next" }]), target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "dropped" });
    expect(plan.body.input).toEqual([{ role: "user", content: "Next" }]);
    expect(await leased(plan, 60)).toEqual(["dep-a", "dep-b"]);
  });

  it("with dropUnreadableReasoning, does not drop while a bound deployment is healthy", async () => {
    const { ctx, answeredBy, leased } = await open("  responses_drop_unreadable_reasoning: true");
    await answeredBy("dep-c", "resp_1", [reasoning("rs_1", blob)]);
    const body = followUp([reasoning("rs_1", blob)]);
    const plan = await planResponsesRoute(ctx, body, target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "item_id" });
    expect(plan.body).toBe(body);
    expect(await leased(plan)).toEqual(["dep-c"]);
  });

  it("never drops when previous_response_id is set: 409 when gone, the pinned error when cooling down", async () => {
    const { ctx, answeredBy, coolDown } = await open("  responses_drop_unreadable_reasoning: true");
    await ctx.affinity.store.record([goneRow("resp_old", "response")]);
    expect((await thrown(() => planResponsesRoute(ctx, followUp([reasoning("rs_x", blob)], "resp_old"), target, principal))).status).toBe(409);

    await answeredBy("dep-c", "resp_1", []);
    await coolDown("dep-c");
    const plan = await planResponsesRoute(ctx, followUp([reasoning("rs_x", blob)], "resp_1"), target, principal);
    expect(plan.headers).toEqual({ "x-switchyard-affinity": "previous_response_id" });
    expect(plan.body.input).toEqual([reasoning("rs_x", blob)]);
    await expect(plan.run(async () => "sent")).rejects.toMatchObject({ status: 503 });
  });
});
