import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeProviders, type FakeProviders } from "../../e2e/fixtures/fake-providers.mjs";
import { signIn } from "./helpers/dashboard-session";
import { masterKey, runGatewayExpectingExit, startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { manage } from "./helpers/management";

// A stored credential's api_base is typed by an admin, and requests for deployments naming it
// go there with the provider key: it must not reach this server, its networks or the cloud
// metadata service. Refused when stored (the management API and the dashboard), and again when
// each connection is made: a base stored while SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allowed it
// is refused once the gateway restarts without it, `localhost` through the real DNS lookup as a
// name that now resolves to 127.0.0.1 would (rebinding). The fake provider sees no request.

const saltKey = "addresses-test-salt-key-0123456789";
const admin = { email: "root@addresses.test", password: "correct horse battery staple" };
const refusedMessage = "only public http(s) addresses can be stored as a credential's endpoint, unless SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows the host";
const unreachableMessage = "Upstream unreachable (a stored credential's api_base is reached only at public addresses, unless SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows the host)";

let fake: FakeProviders;
let gateway: GatewayProcess;
const directory = mkdtempSync(join(tmpdir(), "switchyard-addresses-"));
const databasePath = join(directory, "switchyard.db");

const config = (fakeUrl: string) => `
model_list:
  - model_name: by-address
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: by-address }
  - model_name: by-name
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: by-name }
  - model_name: operator
    litellm_params: { model: openai/gpt-4o, api_base: "${fakeUrl}/v1", api_key: sk-operator-config-key }
`;

async function restart(env: Record<string, string> = {}, dashboard = false): Promise<void> {
  await gateway?.stop();
  gateway = await startGateway({ config: config(fake.url), databasePath, dashboard, env: { SWITCHYARD_SALT_KEY: saltKey, ...env } });
}

beforeAll(async () => {
  fake = await startFakeProviders();
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
  rmSync(directory, { recursive: true, force: true });
});

const chat = async (model: string, stream = false) => {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${masterKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
};

const internalBases = () => [
  `http://127.0.0.1:${fake.port}/v1`,
  `http://[::1]:${fake.port}/v1`,
  "http://169.254.169.254/latest/meta-data",
  "http://10.0.0.1/v1",
  `http://localhost:${fake.port}/v1`,
];

describe("an internal api_base on a stored credential", () => {
  it("is refused by the management API and the dashboard with one message, and nothing is fetched", async () => {
    await restart({ SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password }, true);
    for (const api_base of internalBases()) {
      const created = await manage(gateway.url, "POST", "/credentials", { credential_name: "by-address", credential_values: { api_key: "sk-stored-by-address", api_base } });
      expect(created).toEqual({
        status: 400,
        json: {
          error: { message: `credential_values.api_base: ${refusedMessage}`, type: "invalid_request_error", param: "credential_values.api_base", code: "credential_endpoint_refused" },
        },
      });
    }
    const session = await signIn(gateway.url, admin.email, admin.password);
    for (const apiBase of internalBases()) {
      const response = await fetch(`${gateway.url}/api/trpc/credentials.add`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: session, origin: gateway.url },
        body: JSON.stringify({ name: "by-name", apiKey: "sk-stored-by-name", apiBase }),
      });
      expect(response.status).toBe(400);
      const refused = (await response.json()) as { error: { message: string; data: { code: string } } };
      expect(refused.error).toMatchObject({ message: `credential_values.api_base: ${refusedMessage}`, data: { code: "BAD_REQUEST" } });
    }
    expect((await manage(gateway.url, "GET", "/credentials")).json.credentials).toEqual([]);
    expect((await chat("by-address")).json.error.code).toBe("credential_missing");
    expect(fake.requests).toHaveLength(0);
  });

  it("is stored and used where SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows it", async () => {
    await restart({ SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: "127.0.0.1, localhost" });
    const stored = [
      ["by-address", `http://127.0.0.1:${fake.port}/v1`],
      ["by-name", `http://localhost:${fake.port}/v1`],
    ];
    for (const [name, api_base] of stored) {
      expect((await manage(gateway.url, "POST", "/credentials", { credential_name: name, credential_values: { api_key: `sk-stored-${name}`, api_base } })).status).toBe(200);
    }
    expect((await chat("by-address")).status).toBe(200);
    expect((await chat("by-name", true)).status).toBe(200);
    expect(fake.requests.map((request) => request.headers.authorization)).toEqual(["Bearer sk-stored-by-address", "Bearer sk-stored-by-name"]);
  });

  it("is refused when each connection is made once the gateway no longer allows it, with one message and no request upstream", async () => {
    await restart();
    const seen = fake.requests.length;
    for (const [model, stream] of [
      ["by-address", false],
      ["by-name", false],
      ["by-name", true],
    ] as const) {
      const answer = await chat(model, stream);
      expect(answer).toEqual({ status: 502, json: { error: { message: unreachableMessage, type: "server_error", param: null, code: "upstream_unreachable" } } });
    }
    expect(fake.requests).toHaveLength(seen);
    // The operator's api_base, on the same address, is the operator's: never checked.
    expect((await chat("operator")).status).toBe(200);
    expect(fake.requests.at(-1)!.headers.authorization).toBe("Bearer sk-operator-config-key");
  });

  it("stops the server at start when SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS has an unreadable entry, naming it", async () => {
    const { code, output } = await runGatewayExpectingExit("model_list: []\n", { SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: "127.0.0.1, 10.0.0.0/99" });
    expect(code).not.toBe(0);
    expect(output).toContain('SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: "10.0.0.0/99" is not a host name, IP address or CIDR range');
  });
});
