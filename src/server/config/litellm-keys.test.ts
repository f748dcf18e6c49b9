import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { litellmKeys, renderLitellmKeysTable, type LitellmKey } from "./litellm-keys";
import { parseConfig } from "./load-config";

const docsFile = resolve(__dirname, "../../../docs/litellm-keys.md");
const start = "<!-- litellm-keys:start -->";
const end = "<!-- litellm-keys:end -->";

/** A config that loads, with the key set at its path (`[]` is the first entry). */
function configWith(key: LitellmKey): string {
  const config: Record<string, unknown> = {
    model_list: [{ model_name: "m", litellm_params: { model: "openai/gpt-4o", api_key: "k" }, model_info: { mode: "chat" } }],
    credential_list: [{ credential_name: "c", credential_values: { api_key: "x" } }],
    general_settings: { master_key: "sk-a-strong-master-key-0123456789" },
  };
  const steps = key.path.split(".");
  let node: Record<string, unknown> = config;
  steps.forEach((step, index) => {
    const name = step.replace("[]", "");
    const last = index === steps.length - 1;
    if (last) node[name] = key.sample;
    else {
      node[name] ??= {};
      node = (step.endsWith("[]") ? (node[name] as unknown[])[0] : node[name]) as Record<string, unknown>;
    }
  });
  return JSON.stringify(config);
}

const concrete = (path: string) => path.replaceAll("[]", "[0]");
const load = (key: LitellmKey) => parseConfig(configWith(key), "keys.yaml", { lookupEnv: () => undefined });

describe("LiteLLM's config keys (docs/litellm-keys.md)", () => {
  it("are in the docs exactly as the list renders them", () => {
    const table = renderLitellmKeysTable();
    const text = readFileSync(docsFile, "utf8");
    if (process.env.WRITE_LITELLM_KEYS === "1") {
      writeFileSync(docsFile, text.slice(0, text.indexOf(start) + start.length) + "\n" + table + "\n" + text.slice(text.indexOf(end)));
      return;
    }
    expect(text.slice(text.indexOf(start) + start.length, text.indexOf(end)).trim(), "run WRITE_LITELLM_KEYS=1 npx vitest run src/server/config/litellm-keys.test.ts").toBe(table);
  });

  it.each(litellmKeys.filter((key) => key.status === "warned" && key.sample !== undefined).map((key) => [key.path, key] as const))(
    "%s (warned) produces a warning naming it",
    (path, key) => {
      expect(load(key).warnings.some((warning) => warning.includes(concrete(path)))).toBe(true);
    },
  );

  it.each(litellmKeys.filter((key) => key.status === "honoured" && key.sample !== undefined).map((key) => [key.path, key] as const))(
    "%s (honoured) loads without a warning about it",
    (path, key) => {
      expect(load(key).warnings.filter((warning) => warning.startsWith(concrete(path)))).toEqual([]);
    },
  );
});
