import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "../env";
import { ConfigError } from "./config/config-error";
import { isLoopbackHost, masterKeyWeakness } from "./config/master-key-strength";
import { loadGatewayConfig } from "./start-gateway";

const environment = (values: Record<string, string>) => readEnv({ NODE_ENV: "test", ...values });

function captureLog(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const log = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
  return { log, warnings };
}

describe("a weak master key", () => {
  it("is what LiteLLM's docs write, a placeholder, or short", () => {
    expect(masterKeyWeakness("sk-1234")).toBe("is a documentation example");
    expect(masterKeyWeakness("sk-1234567890")).toBe("is a documentation example");
    expect(masterKeyWeakness("your-secure-master-key-here")).toBe("is a placeholder");
    expect(masterKeyWeakness("sk-short-key")).toBe("is shorter than 16 characters");
    expect(masterKeyWeakness("sk-9f2c41d07be35a6e")).toBeUndefined();
    expect(["127.0.0.1", "127.8.0.1", "::1", "localhost"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "::", "10.0.0.5", "example.com"].some(isLoopbackHost)).toBe(false);
  });

  it("is refused at start when the server listens where other machines can reach it, naming where it was set", () => {
    const { log } = captureLog();
    const start = () => loadGatewayConfig(undefined, environment({ SWITCHYARD_MASTER_KEY: "sk-1234", HOST: "0.0.0.0" }), log);
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/SWITCHYARD_MASTER_KEY: the master key is a documentation example, and the server listens on 0\.0\.0\.0.*--host 127\.0\.0\.1/);
  });

  it("is accepted on loopback, with a loud warning", () => {
    const { log, warnings } = captureLog();
    const config = loadGatewayConfig(undefined, environment({ SWITCHYARD_MASTER_KEY: "sk-1234", HOST: "127.0.0.1" }), log);
    expect(config.masterKey).toBe("sk-1234");
    expect(warnings).toContain(
      "!!! SWITCHYARD_MASTER_KEY: the master key is a documentation example. Accepted only because the server listens on 127.0.0.1 (this machine only); it is refused on any other address.",
    );
  });

  it("a strong one starts on any address, without a warning about it", () => {
    const { log, warnings } = captureLog();
    expect(loadGatewayConfig(undefined, environment({ SWITCHYARD_MASTER_KEY: "sk-9f2c41d07be35a6e", HOST: "0.0.0.0" }), log).masterKey).toBe("sk-9f2c41d07be35a6e");
    expect(warnings.filter((warning) => warning.includes("master key"))).toEqual([]);
  });
});

describe("environment_variables", () => {
  const exported = "SWITCHYARD_TEST_EXPORTED_VARIABLE";
  afterEach(() => {
    delete process.env[exported];
  });

  it("are exported into the process environment at start, as LiteLLM does", () => {
    const directory = mkdtempSync(join(tmpdir(), "switchyard-env-"));
    const file = join(directory, "config.yaml");
    writeFileSync(file, `model_list: []\nenvironment_variables:\n  ${exported}: from-the-file\n`);
    const { log } = captureLog();
    loadGatewayConfig(file, environment({ HOST: "127.0.0.1" }), log);
    expect(process.env[exported]).toBe("from-the-file");
  });
});

describe("store_model_in_db", () => {
  it("is on with the config key or LiteLLM's STORE_MODEL_IN_DB=True, and off otherwise", () => {
    const { log } = captureLog();
    const env = (values: Record<string, string> = {}) => environment({ HOST: "127.0.0.1", ...values });
    expect(loadGatewayConfig(undefined, env(), log).storeModelInDb).toBeUndefined();
    expect(loadGatewayConfig(undefined, env({ STORE_MODEL_IN_DB: "True" }), log).storeModelInDb).toBe(true);
    expect(loadGatewayConfig(undefined, env({ STORE_MODEL_IN_DB: "False" }), log).storeModelInDb).toBeUndefined();
    const directory = mkdtempSync(join(tmpdir(), "switchyard-store-"));
    const file = join(directory, "config.yaml");
    writeFileSync(file, "model_list: []\ngeneral_settings:\n  store_model_in_db: true\n");
    expect(loadGatewayConfig(file, env(), log).storeModelInDb).toBe(true);
  });
});
