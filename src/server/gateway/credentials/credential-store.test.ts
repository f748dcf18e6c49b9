import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db";
import { findMigrationsFolder } from "../../db/migrate";
import { GatewayError } from "../errors";
import { CredentialCipher } from "./credential-cipher";
import { CredentialStore, type CredentialStoreOptions } from "./credential-store";

// The store on a real, migrated SQLite file: what lands on disk, what a listing shows, and what
// the request path reads after each change.

const saltKey = "store-test-salt-key-0123";
const secret = "sk-proj-store-test-secret-0001";
const rotated = "sk-proj-store-test-secret-0002";

let directory: string;
let database: Database;
let clock: number;
const changes: string[] = [];

const store = (options: Partial<CredentialStoreOptions> = {}) =>
  new CredentialStore(database, {
    cipher: new CredentialCipher([saltKey]),
    configCredentials: [{ name: "from-config", values: { api_key: "sk-config-value-123456789" }, info: { provider: "openai" } }],
    now: () => clock,
    ttlMs: 60_000,
    onChange: (change) => changes.push(change.name),
    ...options,
  });

async function failure(call: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GatewayError) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a GatewayError");
}

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "switchyard-credentials-"));
  database = openDatabase(`file:${join(directory, "gateway.db")}`);
  await database.migrate(findMigrationsFolder(process.cwd()));
  clock = Date.UTC(2026, 2, 1);
  changes.length = 0;
});

afterEach(async () => {
  await database.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("CredentialStore", () => {
  it("creates, lists with hints only, updates, and deletes", async () => {
    const credentials = store();
    const created = await credentials.create("prod-openai", { api_key: secret, api_base: "https://api.example.test/v1" }, { provider: "openai" }, "admin@x.test");
    expect(created).toMatchObject({ name: "prod-openai", source: "stored", hints: { api_key: "sk-...0001", api_base: "htt...t/v1" } });
    const listed = await credentials.list();
    expect(listed.map((summary) => [summary.name, summary.source])).toEqual([
      ["from-config", "config"],
      ["prod-openai", "stored"],
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain("sk-config-value-123456789");
    expect(changes).toEqual(["prod-openai"]);

    const { summary, changedValues } = await credentials.update("prod-openai", { values: { api_key: rotated }, info: { description: "rotated" }, mode: "merge" }, "admin@x.test");
    expect(changedValues).toEqual(["api_key"]);
    expect(summary.info).toEqual({ provider: "openai", description: "rotated" });
    expect(await credentials.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: rotated, api_base: "https://api.example.test/v1" } });

    await credentials.remove("prod-openai");
    expect(await credentials.lookup("prod-openai")).toEqual({ kind: "missing" });
    expect(await credentials.summary("prod-openai")).toBeUndefined();
    expect(changes).toEqual(["prod-openai", "prod-openai", "prod-openai"]);
    expect(await failure(credentials.remove("prod-openai"))).toMatchObject({ code: "not_found", status: 404 });
  });

  it("writes only sealed values to the database file", async () => {
    await store().create("prod-openai", { api_key: secret }, {}, "admin@x.test");
    database.sqlite!.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = readFileSync(join(directory, "gateway.db")).toString("latin1");
    expect(bytes).toContain("prod-openai");
    expect(bytes).not.toContain(secret);
    expect(bytes).not.toContain(secret.slice(8, 24));
    const [row] = database.sqlite!.prepare("select sealed_values, value_hints from credentials").all() as Array<{ sealed_values: string; value_hints: string }>;
    expect(row.sealed_values).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(JSON.parse(row.value_hints)).toEqual({ api_key: "sk-...0001" });
  });

  it("refuses to store anything without a salt key, saying why, but still lists and deletes", async () => {
    await store().create("made-earlier", { api_key: secret }, {}, "admin@x.test");
    const withoutSalt = store({ cipher: undefined });
    expect(withoutSalt.canStore).toBe(false);
    const refused = await failure(withoutSalt.create("prod-openai", { api_key: secret }, {}, "admin@x.test"));
    expect(refused).toMatchObject({ code: "salt_key_missing", status: 400 });
    expect(refused.message).toContain("SWITCHYARD_SALT_KEY");
    expect(await failure(withoutSalt.update("made-earlier", { values: { api_key: rotated }, mode: "merge" }, "a"))).toMatchObject({ code: "salt_key_missing" });
    expect(await withoutSalt.lookup("made-earlier")).toMatchObject({ kind: "unusable", reason: expect.stringContaining("SWITCHYARD_SALT_KEY") });
    expect((await withoutSalt.list()).map((summary) => summary.name)).toEqual(["from-config", "made-earlier"]);
    await withoutSalt.remove("made-earlier");
    expect(await withoutSalt.list()).toHaveLength(1);
  });

  it("cannot read values sealed under another salt key, or tampered with in the database", async () => {
    await store().create("prod-openai", { api_key: secret }, {}, "admin@x.test");
    const stranger = store({ cipher: new CredentialCipher(["another-salt-key-entirely"]) });
    expect(await stranger.lookup("prod-openai")).toMatchObject({ kind: "unusable", reason: expect.stringContaining("SWITCHYARD_SALT_KEY_PREVIOUS") });
    // A merge needs the old values; a replacement does not, so an admin can recover.
    expect(await failure(stranger.update("prod-openai", { values: { api_base: "https://x.test" }, mode: "merge" }, "a"))).toMatchObject({ code: "credential_unusable" });
    await stranger.update("prod-openai", { values: { api_key: rotated }, mode: "replace" }, "a");
    expect(await stranger.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: rotated } });

    const sealed = (database.sqlite!.prepare("select sealed_values from credentials").get() as { sealed_values: string }).sealed_values;
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === "A" ? "B" : "A") + sealed.at(-1);
    database.sqlite!.prepare("update credentials set sealed_values = ?").run(flipped);
    expect(await store({ cipher: new CredentialCipher(["another-salt-key-entirely"]) }).lookup("prod-openai")).toMatchObject({
      kind: "unusable",
      reason: expect.stringContaining("integrity"),
    });
  });

  it("refuses duplicates and the names of config.yaml's credentials", async () => {
    const credentials = store();
    await credentials.create("prod-openai", { api_key: secret }, {}, "admin@x.test");
    expect(await failure(credentials.create("prod-openai", { api_key: rotated }, {}, "admin@x.test"))).toMatchObject({ code: "conflict", status: 409 });
    expect(await credentials.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: secret } });
    for (const attempt of [
      credentials.create("from-config", { api_key: rotated }, {}, "a"),
      credentials.update("from-config", { values: { api_key: rotated }, mode: "merge" }, "a"),
      credentials.remove("from-config"),
    ]) {
      expect(await failure(attempt)).toMatchObject({ code: "conflict", message: expect.stringContaining("credential_list") });
    }
  });

  it("merges: null removes a value, a value sent back as its hint keeps the stored one", async () => {
    const credentials = store();
    await credentials.create("prod-openai", { api_key: secret, organization: "org-1", api_version: "2024-10-21" }, {}, "a");
    const listedHint = (await credentials.summary("prod-openai"))!.hints.api_key;
    const { changedValues } = await credentials.update("prod-openai", { values: { api_key: listedHint, organization: null, api_version: "****" }, mode: "merge" }, "a");
    expect(changedValues).toEqual(["organization"]);
    expect(await credentials.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: secret, api_version: "2024-10-21" } });
    await credentials.update("prod-openai", { values: { api_key: rotated }, mode: "replace" }, "a");
    expect(await credentials.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: rotated } });
    expect(await failure(credentials.update("prod-openai", { values: { api_key: null }, mode: "merge" }, "a"))).toMatchObject({ code: "invalid_request" });
  });

  it("moves an endpoint only with every secret it keeps sent again, and says which endpoint fields changed", async () => {
    const credentials = store();
    await credentials.create("prod-openai", { api_key: secret, api_base: "https://home.test/v1", aws_secret_access_key: "aws-secret-value-0001" }, {}, "a");
    const hint = (await credentials.summary("prod-openai"))!.hints.api_key;
    const attempts: Array<Record<string, string | null>> = [
      { api_base: "https://elsewhere.test/v1" },
      { api_base: "https://elsewhere.test/v1", api_key: hint },
      { api_base: null },
      { base_url: "https://elsewhere.test" },
    ];
    for (const values of attempts) {
      const refused = await failure(credentials.update("prod-openai", { values, mode: "merge" }, "a"));
      expect(refused).toMatchObject({ code: "credential_secret_required", status: 400 });
    }
    // Unknown values count as secrets: the key alone is not enough.
    const partly = await failure(credentials.update("prod-openai", { values: { api_base: "https://elsewhere.test/v1", api_key: rotated }, mode: "merge" }, "a"));
    expect(partly.message).toContain("aws_secret_access_key");
    expect(partly.message).not.toContain("send api_key");
    expect(await credentials.lookup("prod-openai")).toMatchObject({ values: { api_key: secret, api_base: "https://home.test/v1" } });

    const same = await credentials.update("prod-openai", { values: { api_version: "2024-10-21", organization: "org-1" }, mode: "merge" }, "a");
    expect(same.endpointChanged).toEqual([]);
    const moved = await credentials.update("prod-openai", { values: { api_base: "https://elsewhere.test/v1", api_key: rotated, aws_secret_access_key: null }, mode: "merge" }, "a");
    expect(moved.endpointChanged).toEqual(["api_base"]);
    expect(await credentials.lookup("prod-openai")).toMatchObject({ values: { api_key: rotated, api_base: "https://elsewhere.test/v1" } });
    // A replace carries nothing over, so the caller always gives the key; the change is still named.
    const replaced = await credentials.update("prod-openai", { values: { api_key: secret, api_base: "https://third.test/v1" }, mode: "replace" }, "a");
    expect(replaced.endpointChanged).toEqual(["api_base"]);
    expect(replaced.changedValues.sort()).toEqual(["api_base", "api_key", "api_version", "organization"]);
  });

  it("serves lookups from its cache until a change here or a notification from elsewhere", async () => {
    const here = store();
    const elsewhere = store();
    await here.create("prod-openai", { api_key: secret }, {}, "a");
    expect(await here.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: secret } });
    await elsewhere.update("prod-openai", { values: { api_key: rotated }, mode: "merge" }, "a");
    // Another instance's write: this one serves its cached copy until told (or the TTL passes).
    expect(await here.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: secret } });
    here.forget("prod-openai");
    expect(await here.lookup("prod-openai")).toEqual({ kind: "found", values: { api_key: rotated } });
    await elsewhere.remove("prod-openai");
    clock += 60_000;
    expect(await here.lookup("prod-openai")).toEqual({ kind: "missing" });
  });
});
