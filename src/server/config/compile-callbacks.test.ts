import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig } from "./load-config";
import type { ObservabilitySettings } from "./types";

const model = `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai }
`;

function load(settings: string, values: Record<string, string> = {}) {
  return parseConfig(`${model}litellm_settings:\n${settings}`, "config.yaml", { lookupEnv: (name) => values[name] });
}

function observability(settings: string, values: Record<string, string> = {}): ObservabilitySettings {
  const found = load(settings, values).observability;
  if (!found) throw new Error("no callbacks compiled");
  return found;
}

describe("litellm_settings callbacks", () => {
  it("reads the standard OTLP variables for otel: the traces endpoint wins, a base endpoint gets /v1/traces, headers URL-decoded", () => {
    const [otel] = observability(`  callbacks: ["otel"]\n`, {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
      OTEL_EXPORTER_OTLP_HEADERS: "x-team=blue,authorization=Bearer%20abc",
      OTEL_SERVICE_NAME: "gateway-eu",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod",
    }).callbacks;
    expect(otel).toMatchObject({
      kind: "otlp",
      flavour: "otel",
      url: "http://collector:4318/v1/traces",
      headers: { "x-team": "blue", authorization: "Bearer abc" },
      serviceName: "gateway-eu",
      resourceAttributes: { "deployment.environment": "prod" },
      events: { success: true, failure: true },
    });
    const [traces] = observability(`  callbacks: ["otel"]\n`, { OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://b:9999/custom" }).callbacks;
    expect(traces).toMatchObject({ url: "http://b:9999/custom", serviceName: "switchyard" });
    // LiteLLM's own names for the same settings.
    const [litellm] = observability(`  callbacks: ["otel"]\n`, { OTEL_ENDPOINT: "http://c:4318/v1/traces", OTEL_HEADERS: "api-key=k" }).callbacks;
    expect(litellm).toMatchObject({ url: "http://c:4318/v1/traces", headers: { "api-key": "k" } });
  });

  it("success_callback hears successes only, failure_callback failures only, both lists or callbacks everything", () => {
    const settings = observability(`  success_callback: ["otel"]\n  failure_callback: ["generic_api"]\n`, { OTEL_ENDPOINT: "http://c:4318", GENERIC_LOGGER_ENDPOINT: "http://hook/logs" });
    expect(settings.callbacks.map((callback) => [callback.name, callback.events])).toEqual([
      ["otel", { success: true, failure: false }],
      ["generic_api", { success: false, failure: true }],
    ]);
    const both = observability(`  success_callback: ["otel"]\n  failure_callback: ["otel"]\n`, { OTEL_ENDPOINT: "http://c:4318" });
    expect(both.callbacks).toHaveLength(1);
    expect(both.callbacks[0].events).toEqual({ success: true, failure: true });
  });

  it("sends to Langfuse's OTLP endpoint with Basic auth from its keys, and warns (sending nothing) without them", () => {
    const [langfuse] = observability(`  callbacks: ["langfuse"]\n`, {
      LANGFUSE_PUBLIC_KEY: "pk-lf-1",
      LANGFUSE_SECRET_KEY: "sk-lf-2",
      LANGFUSE_HOST: "https://langfuse.internal/",
    }).callbacks;
    expect(langfuse).toMatchObject({
      flavour: "langfuse",
      url: "https://langfuse.internal/api/public/otel/v1/traces",
      headers: { authorization: `Basic ${Buffer.from("pk-lf-1:sk-lf-2").toString("base64")}` },
    });
    const [cloud] = observability(`  callbacks: ["langfuse_otel"]\n`, { LANGFUSE_PUBLIC_KEY: "p", LANGFUSE_SECRET_KEY: "s" }).callbacks;
    expect(cloud.url).toBe("https://cloud.langfuse.com/api/public/otel/v1/traces");
    const missing = load(`  callbacks: ["langfuse"]\n`, { LANGFUSE_PUBLIC_KEY: "p" });
    expect(missing.observability).toBeUndefined();
    expect(missing.warnings).toEqual([
      'litellm_settings.callbacks[0]: "langfuse" needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; LANGFUSE_SECRET_KEY not set, so nothing is sent to Langfuse',
    ]);
  });

  it("reads Arize's and Phoenix's variables as LiteLLM does", () => {
    const [arize] = observability(`  callbacks: ["arize"]\n`, { ARIZE_SPACE_KEY: "space", ARIZE_API_KEY: "key" }).callbacks;
    expect(arize).toMatchObject({ flavour: "arize", url: "https://otlp.arize.com/v1/traces", headers: { space_id: "space", api_key: "key" } });
    expect(load(`  callbacks: ["arize"]\n`).warnings[0]).toBe('litellm_settings.callbacks[0]: "arize" needs ARIZE_SPACE_ID (or ARIZE_SPACE_KEY) and ARIZE_API_KEY; nothing is sent to Arize');
    const [phoenix] = observability(`  callbacks: ["arize_phoenix"]\n`, {
      PHOENIX_COLLECTOR_HTTP_ENDPOINT: "http://phoenix:6006",
      PHOENIX_API_KEY: "px",
      PHOENIX_PROJECT_NAME: "gw",
    }).callbacks;
    expect(phoenix).toMatchObject({
      flavour: "phoenix",
      url: "http://phoenix:6006/v1/traces",
      headers: { authorization: "Bearer px" },
      resourceAttributes: { "openinference.project.name": "gw" },
    });
    expect(observability(`  callbacks: ["phoenix"]\n`).callbacks[0].url).toBe("http://localhost:6006/v1/traces");
  });

  it("takes generic_api's endpoint and headers from LiteLLM's GENERIC_LOGGER_* variables, environment_variables: first", () => {
    const config = parseConfig(`${model}environment_variables:\n  GENERIC_LOGGER_ENDPOINT: http://hook.internal/logs\nlitellm_settings:\n  callbacks: generic_api\n`, "c.yaml", {
      lookupEnv: (name) => (name === "GENERIC_LOGGER_HEADERS" ? "authorization=Bearer t,x-source=switchyard" : undefined),
    });
    expect(config.observability?.callbacks[0]).toEqual({
      kind: "generic_api",
      name: "generic_api",
      events: { success: true, failure: true },
      url: "http://hook.internal/logs",
      headers: { authorization: "Bearer t", "x-source": "switchyard" },
    });
    expect(load(`  callbacks: ["generic_api"]\n`).warnings).toEqual(['litellm_settings.callbacks[0]: "generic_api" needs GENERIC_LOGGER_ENDPOINT; nothing is sent']);
  });

  it("sends message contents only when turn_off_message_logging is written false, and says so at start otherwise", () => {
    const env = { OTEL_ENDPOINT: "http://c:4318" };
    expect(observability(`  callbacks: ["otel"]\n  turn_off_message_logging: false\n`, env).logMessages).toBe(true);
    for (const settings of [`  callbacks: ["otel"]\n`, `  callbacks: ["otel"]\n  turn_off_message_logging: true\n`]) {
      const config = load(settings, env);
      expect(config.observability?.logMessages).toBe(false);
      expect(config.warnings).toContain(
        "litellm_settings.turn_off_message_logging: prompts and completions are not sent to \"otel\" (Switchyard's default, unlike LiteLLM's); set turn_off_message_logging: false to send them",
      );
    }
    expect(load(`  callbacks: ["otel"]\n  turn_off_message_logging: false\n`, env).warnings).toEqual([]);
  });

  it("refuses an endpoint that is no http(s) URL by its path, and leaves out a header entry without = (not quoting it)", () => {
    expect(() => load(`  callbacks: ["otel"]\n`, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "collector:4318" })).toThrow(ConfigError);
    let problems: readonly string[] = [];
    try {
      load(`  success_callback: ["otel"]\n`, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "ftp://collector" });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(['litellm_settings.success_callback[0]: "otel" has no usable endpoint: "ftp://collector" is not an http(s) URL']);
    const config = load(`  callbacks: ["otel"]\n  turn_off_message_logging: false\n`, { OTEL_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_HEADERS: "Bearer secret-token,x-a=1" });
    expect(config.observability?.callbacks[0].headers).toEqual({ "x-a": "1" });
    expect(config.warnings).toEqual(['litellm_settings.callbacks[0]: OTEL_EXPORTER_OTLP_HEADERS: an entry without "=" is left out']);
  });

  it("warns about any other callback by name and path; prometheus is /metrics and needs nothing", () => {
    const config = load(`  callbacks: ["prometheus", "langsmith", { helicone: {} }]\n`);
    expect(config.observability).toBeUndefined();
    expect(config.warnings).toEqual([
      'litellm_settings.callbacks[1]: callback "langsmith" is not supported by Switchyard; nothing is sent to it',
      'litellm_settings.callbacks[2]: callback "helicone" is not supported by Switchyard; nothing is sent to it',
    ]);
  });
});

describe("callback_settings", () => {
  it("reads LiteLLM's named generic_api webhooks: endpoint, headers, event_types", () => {
    const config = parseConfig(
      `${model}litellm_settings:
  callbacks: ["custom_api_name"]
callback_settings:
  custom_api_name:
    callback_type: generic_api
    endpoint: https://hook.example/logs
    headers: { Authorization: Bearer t }
    event_types: [llm_api_failure]
  unused_one: { callback_type: generic_api, endpoint: https://x.example }
`,
      "c.yaml",
      { lookupEnv: () => undefined },
    );
    expect(config.observability?.callbacks).toEqual([
      { kind: "generic_api", name: "custom_api_name", events: { success: false, failure: true }, url: "https://hook.example/logs", headers: { Authorization: "Bearer t" } },
    ]);
    expect(config.warnings).toContain("callback_settings.unused_one: not used by Switchyard (only a generic_api callback named in litellm_settings.callbacks is), ignored");
    expect(config.warnings.some((warning) => warning.includes("custom_api_name") && warning.includes("not supported"))).toBe(false);
  });
});
