import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "./helpers/dashboard-session";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";

// The built server with the dashboard: a procedure that fails unexpectedly (here the database,
// whose table another process dropped) answers the browser a generic message with an id, and the
// server's log holds exactly one line with that id and the driver's own message.

const admin = { email: "admin@errors.test", password: "errors-admin-password" };

let gateway: GatewayProcess;
let session: string;

beforeAll(async () => {
  gateway = await startGateway({ config: "model_list: []\n", dashboard: true, env: { SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password } });
  session = await signIn(gateway.url, admin.email, admin.password);
});

afterAll(async () => {
  await gateway?.stop();
});

const listCredentials = () => fetch(`${gateway.url}/api/trpc/credentials.list`, { headers: { cookie: session } });

function dropTable(name: string): void {
  const database = new Sqlite(gateway.databasePath);
  try {
    database.exec(`drop table ${name}`);
  } finally {
    database.close();
  }
}

/** The error id the browser got; the answer carries neither the driver's name nor its message. */
async function internalErrorId(response: Response): Promise<string> {
  const text = await response.text();
  expect(response.status).toBe(500);
  expect(text).not.toMatch(/sqlite|no such table/i);
  const body = JSON.parse(text) as { error: { message: string; data: { code: string } } };
  expect(body.error.data.code).toBe("INTERNAL_SERVER_ERROR");
  const id = /^Internal error \(id: ([0-9a-f-]{36})\)$/.exec(body.error.message)?.[1];
  expect(id).toBeDefined();
  return id!;
}

async function linesWith(id: string): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  const logged = () =>
    gateway
      .output()
      .split("\n")
      .filter((line) => line.includes(id));
  while (logged().length === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
  return logged();
}

describe("an unexpected error", () => {
  it("in a procedure reaches the browser as an id, never as the driver's message, and is logged once with that id", async () => {
    expect((await listCredentials()).status).toBe(200);
    dropTable("credentials");
    const id = await internalErrorId(await listCredentials());
    const logged = await linesWith(id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("no such table");
    expect(logged[0]).toContain("credentials.list");
  });

  it("while reading the session is answered and logged the same way", async () => {
    dropTable("auth_sessions");
    const id = await internalErrorId(await listCredentials());
    const logged = await linesWith(id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("no such table");
  });
});
