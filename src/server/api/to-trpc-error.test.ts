import { TRPCError } from "@trpc/server";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../auth/users";
import type { UserRow } from "../db/schema";
import { GatewayError } from "../gateway/errors";
import { startHarness, type Harness } from "../gateway/testing/gateway-harness";
import { silentLogger } from "../log";
import { ServiceError } from "../services/service-error";
import { createCaller } from "./root";
import { toTRPCError } from "./to-trpc-error";

// The dashboard's one error mapping: typed refusals keep their code and message; anything else
// reaches the browser as a generic message with an id, and is logged once with that id.

let harness: Harness;
let admin: UserRow;
let lines: string[];

const capturingLogger = () => pino({ level: "info", base: undefined }, { write: (line: string) => lines.push(line) });

beforeEach(async () => {
  lines = [];
  harness = await startHarness(20_000, { saltKeys: ["to-trpc-error-salt-key-01"] });
  admin = await createUser(harness.gateway.ctx.database, { email: "root@x.test", password: "correct horse battery", isAdmin: true }, new Date(harness.gateway.ctx.now()));
});

afterEach(async () => {
  await harness.close();
});

const caller = () => createCaller({ user: admin, gateway: { ...harness.gateway.ctx, log: capturingLogger() } });

async function failure(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("the procedure succeeded");
}

describe("a procedure's errors", () => {
  it("hide a database failure behind an id, logged once with its cause", async () => {
    harness.gateway.ctx.database.sqlite!.exec("drop table credentials");
    const error = await failure(caller().credentials.list());
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    const id = /^Internal error \(id: ([0-9a-f-]{36})\)$/.exec(error.message)?.[1];
    expect(id).toBeDefined();
    expect(error.message).not.toMatch(/sqlite|no such table|credentials/i);
    const logged = lines.filter((line) => line.includes(id!));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0])).toMatchObject({ level: 50, errorId: id, path: "credentials.list", err: { message: expect.stringContaining("no such table") } });
    expect(lines).toHaveLength(1);
  });

  it("keep the code and message of refusals, and log nothing for them", async () => {
    expect(await failure(caller().credentials.replace({ name: "absent", apiKey: "sk-x" }))).toMatchObject({ code: "NOT_FOUND", message: 'No stored credential named "absent"' });
    expect(await failure(caller().credentials.add({ name: "bad/name", apiKey: "sk-x" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(createCaller({ user: undefined, gateway: harness.gateway.ctx }).credentials.list())).toMatchObject({ code: "UNAUTHORIZED", message: "Sign in first" });
    expect(lines).toEqual([]);
  });
});

describe("toTRPCError", () => {
  const wrapped = (cause: unknown) => new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: cause as Error });

  it("maps service and gateway refusals to their codes, with their own messages", () => {
    const log = silentLogger();
    expect(toTRPCError(wrapped(new ServiceError("conflict", "A key named x already exists")), log, "p")).toMatchObject({ code: "CONFLICT", message: "A key named x already exists" });
    expect(toTRPCError(wrapped(new ServiceError("forbidden", "no")), log, "p").code).toBe("FORBIDDEN");
    expect(toTRPCError(wrapped(new GatewayError("salt_key_missing", "set SWITCHYARD_SALT_KEY")), log, "p")).toMatchObject({ code: "BAD_REQUEST", message: "set SWITCHYARD_SALT_KEY" });
    expect(toTRPCError(wrapped(new GatewayError("not_found", "gone")), log, "p").code).toBe("NOT_FOUND");
  });

  it("knows a refusal from the other bundle of the gateway (the dashboard thread's gateway is built apart)", async () => {
    // A second instance of the module, as dist/dashboard-worker.mjs holds beside .next's.
    const other = (await import("../gateway/errors?other-bundle" as string)) as typeof import("../gateway/errors");
    expect(other.GatewayError).not.toBe(GatewayError);
    const refused = new other.GatewayError("credential_endpoint_refused", "credential_values.api_base: only public http(s) addresses");
    expect(toTRPCError(wrapped(refused), silentLogger(), "p")).toMatchObject({ code: "BAD_REQUEST", message: "credential_values.api_base: only public http(s) addresses" });
  });

  it("does not pass a gateway failure's own message through either", () => {
    lines = [];
    const mapped = toTRPCError(wrapped(new GatewayError("database_unavailable", "SQLITE_BUSY: database is locked")), capturingLogger(), "p");
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).not.toContain("SQLITE");
    expect(lines).toHaveLength(1);
  });
});
