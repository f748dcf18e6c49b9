import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCostMap, startCostMapServer, type CostMapServer } from "./helpers/cost-map-server";
import { signIn } from "./helpers/dashboard-session";
import { runGatewayExpectingExit, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { manage } from "./helpers/management";

// Security issue #20, items 2, 3 and 9: a cost-map URL typed by an admin (master key, proxy_admin
// key or dashboard admin) reads no file and reaches no internal address, and every failure reads
// the same; the operator's own SWITCHYARD_COST_MAP_URL (here on loopback) still works. Cost-map
// changes made over the API show on the dashboard's Audit page for instance admins.
let maps: CostMapServer;
let gateway: GatewayProcess;
let session: string;
const admin = { email: "root@sources.test", password: "correct horse battery" };

beforeAll(async () => {
  maps = await startCostMapServer();
  maps.put("older.json", readCostMap("model_prices_2026-02-21_3bd228e.json"));
  maps.put("newer.json", readCostMap("model_prices_2026-02-23_268da23.json"));
  maps.put("secret.json", { secret: { x: 1 } });
  // No SWITCHYARD_COST_MAP_ALLOWED_HOSTS: 127.0.0.1 is internal to this gateway.
  gateway = await startGateway({
    config: "model_list: []\n",
    dashboard: true,
    env: { SWITCHYARD_COST_MAP_URL: maps.url("older.json"), SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password },
  });
  session = await signIn(gateway.url, admin.email, admin.password);
});

afterAll(async () => {
  await gateway?.stop();
  await maps?.close();
});

const preview = (url: string) => manage(gateway.url, "POST", "/cost_map/preview", { url });

async function trpc(path: string, input: unknown, method: "GET" | "POST") {
  const query = method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : "";
  const response = await fetch(`${gateway.url}/api/trpc/${path}${query}`, {
    method,
    headers: { cookie: session, "content-type": "application/json", origin: gateway.url },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  return { status: response.status, json: (await response.json()) as any };
}

describe("POST /cost_map/preview with a URL", () => {
  it("takes only http(s): paths and file:// URLs get one 400, whether the file exists, is a directory or not", async () => {
    const answers = await Promise.all(["/etc/passwd", "file:///etc/passwd", "/", "/nonexistent/x.json", "../data/switchyard.db", "builtin"].map(preview));
    for (const { status, json } of answers) {
      expect(status).toBe(400);
      expect(json.error).toEqual({ message: "url: give an http(s) URL", type: "invalid_request_error", param: "url", code: "invalid_request" });
    }
  });

  it("refuses loopback, private, link-local and unique-local addresses with one message, sending nothing", async () => {
    const own = new URL(gateway.url);
    const urls = [
      maps.url("newer.json"),
      maps.url("secret.json"),
      maps.url("newer.json").replace("127.0.0.1", "localhost"),
      `http://127.0.0.1:${own.port}/metrics`,
      "http://127.0.0.1:9/closed-port.json",
      "http://[::1]:9/x.json",
      "http://[::ffff:127.0.0.1]/x.json",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/x.json",
      "http://192.168.1.1/x.json",
      "http://172.16.0.1/x.json",
      "http://[fd00::1]/x.json",
      "http://[fe80::1]/x.json",
      "http://2130706433/x.json",
    ];
    const bodies = new Set<string>();
    for (const url of urls) {
      const { status, json } = await preview(url);
      expect(status, url).toBe(422);
      bodies.add(JSON.stringify(json));
    }
    expect([...bodies]).toEqual([
      JSON.stringify({
        error: {
          message: "Could not fetch the cost map source (only public http(s) addresses are fetched, unless SWITCHYARD_COST_MAP_ALLOWED_HOSTS allows the host)",
          type: "invalid_request_error",
          param: "url",
          code: "cost_map_source_unavailable",
        },
      }),
    ]);
    expect(maps.hits("newer.json") + maps.hits("secret.json")).toBe(0);
  });

  it("still reloads from the operator's own loopback source", async () => {
    const { status, json } = await manage(gateway.url, "POST", "/reload/model_cost_map");
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "success", models_count: 2595, source: maps.url("older.json") });
  });
});

describe("SWITCHYARD_COST_MAP_ALLOWED_HOSTS", () => {
  it("refuses to start with an entry it cannot read, naming it", async () => {
    const { code, output } = await runGatewayExpectingExit("model_list: []\n", { SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "127.0.0.1, 10.0.0.0/99" });
    expect(code).not.toBe(0);
    expect(output).toContain('SWITCHYARD_COST_MAP_ALLOWED_HOSTS: "10.0.0.0/99" is not a host name, IP address or CIDR range');
  });
});

describe("costMap.preview in the dashboard", () => {
  it("refuses paths, file:// and internal addresses the same way", async () => {
    for (const url of ["/etc/passwd", "file:///etc/passwd"]) {
      const { status, json } = await trpc("costMap.preview", { url }, "POST");
      expect(status).toBe(400);
      expect(json.error.message).toContain("Give an http(s) URL");
    }
    for (const url of [maps.url("secret.json"), "http://127.0.0.1:9/x.json", "http://[fd00::1]/x.json"]) {
      const { status, json } = await trpc("costMap.preview", { url }, "POST");
      expect(status).toBe(400);
      expect(json.error.message).toMatch(/^Could not fetch the cost map source \(only public/);
    }
    expect(maps.hits("secret.json")).toBe(0);
  });
});

describe("the Audit page's instance-wide trail", () => {
  it("shows cost-map changes made over the API, with who and from where", async () => {
    const uploaded = await manage(gateway.url, "POST", "/cost_map/preview", { content: readCostMap("model_prices_2026-02-23_268da23.json") });
    expect(uploaded.status).toBe(200);
    expect((await manage(gateway.url, "POST", "/cost_map/apply", { preview_id: uploaded.json.preview_id })).status).toBe(200);
    expect((await manage(gateway.url, "POST", "/cost_map/rollback", { version_id: 1 })).status).toBe(200);
    expect((await fetch(`${gateway.url}/schedule/model_cost_map_reload?hours=6`, { method: "POST", headers: { authorization: "Bearer sk-test-master-key-0123456789" } })).status).toBe(200);

    const { status, json } = await trpc("audit.instance", {}, "GET");
    expect(status).toBe(200);
    const rows = json.result.data as Array<{ actor: string; action: string; targetId: string | null; via: string }>;
    expect(rows.slice(0, 5).map((row) => [row.actor, row.action, row.via])).toEqual([
      ["master key", "cost_map.reload_scheduled", "api"],
      ["master key", "cost_map.rolled_back", "api"],
      ["master key", "cost_map.applied", "api"],
      ["master key", "cost_map.previewed", "api"],
      ["master key", "cost_map.reloaded", "api"],
    ]);
    expect(rows[2].targetId).toBe(String(uploaded.json.preview_id));
  });
});
