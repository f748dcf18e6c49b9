import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig, type ConfigSources } from "./load-config";
import { supportedProviderPrefixes } from "./resolve-provider";

const sources: ConfigSources = { lookupEnv: (name) => ({ OPENAI_API_KEY: "sk-x" })[name] };

/** The ConfigError a config text raises; fails the test when it loads. */
function problemsOf(text: string, source = "proxy_config.yaml"): ConfigError {
  try {
    parseConfig(text, source, sources);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, the config loaded");
}

function entry(name: string, params: string): string {
  return `  - model_name: ${name}\n    litellm_params:\n${params
    .split("\n")
    .map((line) => `      ${line}`)
    .join("\n")}\n`;
}

describe("parseConfig: errors name the file and the YAML path", () => {
  it("reports a bad model at model_list[2].litellm_params.model", () => {
    const text = `model_list:\n${entry("a", "model: gpt-4o")}${entry("b", "model: gpt-4o-mini")}${entry("c", 'model: "gpt 4o"')}`;
    const error = problemsOf(text);
    expect(error.file).toBe("proxy_config.yaml");
    expect(error.problems).toEqual(["model_list[2].litellm_params.model: must not contain white space"]);
    expect(error.message).toContain("proxy_config.yaml");
    expect(error.message).toContain("model_list[2].litellm_params.model");
  });

  it("refuses a spend write interval that is not a sensible number of seconds", () => {
    const models = `model_list:\n${entry("a", "model: gpt-4o")}`;
    expect(problemsOf(`${models}general_settings:\n  proxy_batch_write_at: 0\n`).problems).toEqual(["general_settings.proxy_batch_write_at: must be at least 0.05 (seconds)"]);
    expect(problemsOf(`${models}general_settings:\n  proxy_batch_write_at: soon\n`).problems).toEqual([expect.stringMatching(/^general_settings\.proxy_batch_write_at: /)]);
  });

  it("names a missing environment variable with where it is used", () => {
    const error = problemsOf(`model_list:\n${entry("a", "model: gpt-4o\napi_key: os.environ/MISSING_KEY")}`);
    expect(error.problems).toEqual(["model_list[0].litellm_params.api_key: environment variable MISSING_KEY is not set"]);
  });

  it("reports several problems together rather than one per attempt", () => {
    const text = [
      "model_list:\n",
      entry("a", "model: gpt-4o\napi_key: os.environ/FIRST_MISSING"),
      entry("b", "model: gpt-4o\nrpm: -1"),
      entry("c", "model: gpt-4o\napi_key: os.environ/SECOND_MISSING"),
      "router_settings:\n  routing_strategy: round-robin",
    ].join("");
    const error = problemsOf(text);
    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain("model_list[0].litellm_params.api_key: environment variable FIRST_MISSING is not set");
    expect(error.message).toContain("model_list[2].litellm_params.api_key: environment variable SECOND_MISSING is not set");
    expect(error.message).toContain("model_list[1].litellm_params.rpm:");
    expect(error.message).toContain("router_settings.routing_strategy:");
  });

  it("reports a missing variable and a bad provider in the same error", () => {
    const text = `model_list:\n${entry("a", "model: gpt-4o\napi_key: os.environ/NOT_SET")}${entry("b", "model: bedrockz/claude")}`;
    const error = problemsOf(text);
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toContain("NOT_SET");
    expect(error.problems[1]).toMatch(/^model_list\[1\]\.litellm_params\.model: unknown provider "bedrockz"/);
  });

  it("reports provider problems of every entry, not only the first", () => {
    const text = `model_list:\n${entry("a", "model: nope/x")}${entry("b", "model: hosted_vllm/")}`;
    expect(problemsOf(text).problems).toEqual([
      expect.stringMatching(/^model_list\[0\]\.litellm_params\.model: unknown provider "nope"/),
      'model_list[1].litellm_params.model: "hosted_vllm/" names no model after the provider',
    ]);
    // A missing api_base, once the environment (HOSTED_VLLM_API_BASE, as in LiteLLM) is known to give none either.
    expect(problemsOf(`model_list:\n${entry("b", "model: hosted_vllm/llama")}`).problems).toEqual(['model_list[0].litellm_params.api_base: is required for provider "hosted_vllm"']);
    const fromEnvironment = parseConfig(`model_list:\n${entry("b", "model: hosted_vllm/llama")}`, "c.yaml", {
      lookupEnv: (name) => (name === "HOSTED_VLLM_API_BASE" ? "http://127.0.0.1:8000/v1" : undefined),
    });
    expect(fromEnvironment.deployments[0].apiBase).toBe("http://127.0.0.1:8000/v1");
  });

  it("reports YAML syntax errors with the file name", () => {
    const error = problemsOf("model_list:\n  - model_name: [unclosed\n    litellm_params: {model: gpt-4o\n", "broken.yaml");
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems.every((problem) => problem.startsWith("YAML syntax: "))).toBe(true);
    expect(error.message).toContain("broken.yaml");
  });

  it("refuses a top level that is not a mapping", () => {
    expect(problemsOf("- just\n- a list\n").problems).toEqual(["(top level): must be a mapping"]);
  });

  it("refuses a duplicate model_info.id and says where the first one is", () => {
    const text = `model_list:
  - model_name: a
    litellm_params: { model: gpt-4o }
    model_info: { id: shared }
  - model_name: b
    litellm_params: { model: gpt-4o-mini }
    model_info: { id: shared }
`;
    expect(problemsOf(text).problems).toEqual(['model_list[1].model_info.id: duplicate deployment id "shared" (also model_list[0])']);
  });

  it("keeps one deployment of an entry written twice without an id (one id, as in LiteLLM), naming both positions", () => {
    const text = `model_list:
  - model_name: a
    litellm_params: { model: gpt-4o }
  - model_name: a
    litellm_params: { model: gpt-4o }
`;
    const config = parseConfig(text, "c.yaml", sources);
    expect(config.deployments).toHaveLength(1);
    expect(config.warnings).toContainEqual(expect.stringMatching(/^model_list\[1\]: the same model_name and litellm_params as model_list\[0\]/));
  });

  it("lists every supported prefix for an unknown provider", () => {
    const [problem] = problemsOf(`model_list:\n${entry("a", "model: nosuchcloud/claude-v2")}`).problems;
    expect(problem).toContain('unknown provider "nosuchcloud" in "nosuchcloud/claude-v2"');
    expect(problem).toContain(`supported: ${supportedProviderPrefixes.join(", ")}`);
    for (const prefix of ["openai", "azure", "anthropic", "groq", "hosted_vllm"]) expect(problem).toContain(prefix);
  });

  it("requires api_base for hosted_vllm/ but not for groq/", () => {
    expect(problemsOf(`model_list:\n${entry("a", "model: hosted_vllm/meta-llama/Llama-3-8B")}`).problems).toEqual([
      'model_list[0].litellm_params.api_base: is required for provider "hosted_vllm"',
    ]);
    const loaded = parseConfig(`model_list:\n${entry("a", "model: hosted_vllm/meta-llama/Llama-3-8B\napi_base: http://vllm:8000/v1")}`, "c", sources);
    expect(loaded.deployments[0]).toMatchObject({ upstreamModel: "meta-llama/Llama-3-8B", apiBase: "http://vllm:8000/v1" });
  });

  it("refuses a provider prefix with no model after it, and a non-http api_base", () => {
    expect(problemsOf(`model_list:\n${entry("a", "model: groq/")}`).problems).toEqual(['model_list[0].litellm_params.model: "groq/" names no model after the provider']);
    expect(problemsOf(`model_list:\n${entry("a", "model: gpt-4o\napi_base: ftp://example.com")}`).problems).toEqual(["model_list[0].litellm_params.api_base: must be an http(s) URL"]);
  });
});

describe("parseConfig: unknown keys are warnings", () => {
  const text = `
model_list:
  - model_name: a
    litellm_params:
      model: gpt-4o
      drop_params: true
    model_info:
      supports_vision: true
    tags: [x]
router_settings:
  routing_strategy: simple-shuffle
  foo: 1
litellm_settings:
  anything_goes: here
general_settings:
  database_url: postgres://x
environment_variables:
  A: b
experimental: true
`;

  it("loads the config and lists each unknown key with its path", () => {
    const config = parseConfig(text, "c.yaml", sources);
    expect(config.deployments).toHaveLength(1);
    expect([...config.warnings].sort()).toEqual(
      [
        "experimental: not used by Switchyard, ignored",
        "router_settings.foo: not used by Switchyard, ignored",
        "general_settings.database_url: not used by Switchyard, ignored",
        "litellm_settings.anything_goes: not used by Switchyard, ignored",
        "model_list[0].tags: not used by Switchyard, ignored",
        "model_list[0].model_info.supports_vision: not used by Switchyard, ignored",
      ].sort(),
    );
  });
});
