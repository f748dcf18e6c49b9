import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig, type ConfigSources } from "./load-config";
import { readConfigYaml } from "./read-config-yaml";

// Files that load in LiteLLM load here too: read as PyYAML reads them, with LiteLLM's
// environment handling, and with every setting honoured or named in a warning.

const env = (values: Record<string, string> = {}): ConfigSources => ({ lookupEnv: (name) => values[name] });
const model = `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai, tpm: 20_000 }
`;

function problemsOf(text: string, sources = env()): readonly string[] {
  try {
    parseConfig(text, "config.yaml", sources);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError, the config loaded");
}

describe("YAML as LiteLLM's parser (PyYAML, YAML 1.1) reads it", () => {
  it("reads 20_000 as a number and on/off as booleans", () => {
    expect(readConfigYaml("a: 20_000\nb: on\nc: off\nd: 0.5\n").raw).toEqual({ a: 20000, b: true, c: false, d: 0.5 });
    expect(parseConfig(model, "config.yaml", env()).deployments[0].tpm).toBe(20000);
  });

  it("keeps the last of a key written twice, and names it in a warning by its YAML path", () => {
    const config = parseConfig(
      `model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: sk-first
      rpm: 10
      rpm: 60
router_settings:
  num_retries: 1
router_settings:
  num_retries: 4
`,
      "config.yaml",
      env(),
    );
    expect(config.deployments[0].rpm).toBe(60);
    expect(config.router.numRetries).toBe(4);
    expect(config.warnings).toEqual([
      "model_list[0].litellm_params.rpm: written twice in one mapping; the last value is used, as LiteLLM does",
      "router_settings: written twice in one mapping; the last value is used, as LiteLLM does",
    ]);
  });

  it("still refuses a file that is not YAML, saying where", () => {
    expect(problemsOf("model_list:\n  - model_name: [unclosed\n")[0]).toMatch(/^YAML syntax: /);
  });
});

describe("os.environ/ references and environment_variables", () => {
  it("does not resolve references under keys Switchyard does not read, so their variables need not exist", () => {
    const config = parseConfig(
      `${model}general_settings:
  database_url: os.environ/DATABASE_URL
  alerting_webhook: os.environ/SLACK_WEBHOOK_URL
litellm_settings:
  langfuse_secret: os.environ/LANGFUSE_SECRET_KEY
`,
      "config.yaml",
      env(),
    );
    expect(config.warnings).toEqual(
      expect.arrayContaining(["general_settings.database_url: not used by Switchyard, ignored", "litellm_settings.langfuse_secret: not used by Switchyard, ignored"]),
    );
  });

  it("still refuses a reference Switchyard needs whose variable is unset", () => {
    expect(problemsOf(model.replace("api_key: sk-openai", "api_key: os.environ/OPENAI_KEY_UNSET"))).toEqual([
      "model_list[0].litellm_params.api_key: environment variable OPENAI_KEY_UNSET is not set",
    ]);
  });

  it("answers references from environment_variables first, as LiteLLM exports them before reading the rest", () => {
    const config = parseConfig(
      `${model.replace("api_key: sk-openai", "api_key: os.environ/MY_OPENAI_KEY")}environment_variables:
  MY_OPENAI_KEY: sk-from-the-file
  RETRIES: 3
  SWITCHYARD_LOG_LEVEL: debug
`,
      "config.yaml",
      env({ MY_OPENAI_KEY: "sk-from-the-process" }),
    );
    expect(config.deployments[0].apiKey).toBe("sk-from-the-file");
    expect(config.environmentVariables).toEqual({ MY_OPENAI_KEY: "sk-from-the-file", RETRIES: "3", SWITCHYARD_LOG_LEVEL: "debug" });
    expect(config.warnings).toContain("environment_variables.SWITCHYARD_LOG_LEVEL: read from the environment before the config is loaded; set it there");
  });

  it("refuses an environment variable whose value is a mapping", () => {
    expect(problemsOf(`${model}environment_variables:\n  NESTED: { a: 1 }\n`)).toEqual(["environment_variables.NESTED: must be a string, number or boolean"]);
  });
});

describe("litellm_settings and router_settings", () => {
  it("honours request_timeout and num_retries as LiteLLM's defaults, which router_settings overrides", () => {
    const config = parseConfig(`${model}litellm_settings:\n  request_timeout: 30\n  num_retries: 5\n`, "config.yaml", env());
    expect(config.router.timeoutSeconds).toBe(30);
    expect(config.deployments[0].timeoutMs).toBe(30_000);
    expect(config.router.numRetries).toBe(5);
    expect(config.warnings).toEqual([]);
    const overridden = parseConfig(`${model}litellm_settings:\n  request_timeout: 30\n  num_retries: 5\nrouter_settings:\n  timeout: 12\n  num_retries: 1\n`, "c.yaml", env());
    expect(overridden.router).toMatchObject({ timeoutSeconds: 12, numRetries: 1 });
  });

  it("names every setting it does not act on, and every callback it sends nothing to; prometheus is /metrics", () => {
    // No OTEL_*, LANGFUSE_* variables here: otel sends to OTLP's default address, langfuse cannot send.
    const config = parseConfig(
      `${model}litellm_settings:
  drop_params: true
  set_verbose: false
  callbacks: ["otel", "prometheus"]
  success_callback: langfuse
  failure_callback: ["sentry"]
`,
      "config.yaml",
      env(),
    );
    expect(config.warnings).toEqual([
      "litellm_settings.set_verbose: not used by Switchyard, ignored",
      'litellm_settings.failure_callback[0]: callback "sentry" is not supported by Switchyard; nothing is sent to it',
      'litellm_settings.callbacks[0]: "otel": OTEL_EXPORTER_OTLP_ENDPOINT is not set; spans go to http://localhost:4318/v1/traces, OTLP\'s default',
      'litellm_settings.success_callback[0]: "langfuse" needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY; LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY not set, so nothing is sent to Langfuse',
      "litellm_settings.turn_off_message_logging: prompts and completions are not sent to \"otel\" (Switchyard's default, unlike LiteLLM's); set turn_off_message_logging: false to send them",
    ]);
  });

  it("routes by each of LiteLLM's strategies, usage-based-routing as its v2, without a warning", () => {
    const served = {
      "usage-based-routing": "usage-based-routing-v2",
      "usage-based-routing-v2": "usage-based-routing-v2",
      "latency-based-routing": "latency-based-routing",
      "cost-based-routing": "cost-based-routing",
      "least-busy": "least-busy",
    };
    for (const [strategy, routedBy] of Object.entries(served)) {
      const config = parseConfig(`${model}router_settings:\n  routing_strategy: ${strategy}\n`, "config.yaml", env());
      expect(config.router.routingStrategy).toBe(routedBy);
      expect(config.warnings).toEqual([]);
    }
    expect(problemsOf(`${model}router_settings:\n  routing_strategy: fastest\n`)[0]).toMatch(/^router_settings\.routing_strategy: /);
  });

  it("reads latency-based routing's routing_strategy_args, and warns about those it does not act on", () => {
    const latency = parseConfig(
      `${model}router_settings:\n  routing_strategy: latency-based-routing\n  routing_strategy_args: { ttl: 60, lowest_latency_buffer: 0.5, lookback: 3 }\n`,
      "config.yaml",
      env(),
    );
    expect(latency.router.latency).toEqual({ ttlMs: 60_000, buffer: 0.5, samples: 10 });
    expect(latency.warnings).toEqual(["router_settings.routing_strategy_args.lookback: not used by Switchyard, ignored"]);
    const shuffle = parseConfig(`${model}router_settings:\n  routing_strategy_args: { ttl: 60 }\n`, "config.yaml", env());
    expect(shuffle.warnings).toEqual(['router_settings.routing_strategy_args.ttl: only latency-based-routing reads it; ignored with "simple-shuffle"']);
  });

  it("reads order, model_info.max_input_tokens and enable_pre_call_checks", () => {
    const config = parseConfig(
      `model_list:\n  - model_name: m\n    litellm_params: { model: openai/gpt-4o, api_key: sk-a, order: 2 }\n    model_info: { max_input_tokens: 1000 }\nrouter_settings:\n  enable_pre_call_checks: true\n`,
      "config.yaml",
      env(),
    );
    expect(config.deployments[0]).toMatchObject({ order: 2, maxInputTokens: 1000 });
    expect(config.router.preCallChecks).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  it("loads LiteLLM's documentation master key; whether it may serve is decided at start, by the listen address", () => {
    expect(parseConfig(`${model}general_settings:\n  master_key: sk-1234\n`, "config.yaml", env()).masterKey).toBe("sk-1234");
  });
});

describe("fallbacks", () => {
  const groups = `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-a }
  - model_name: gpt-4o-mini
    litellm_params: { model: openai/gpt-4o-mini, api_key: sk-a }
`;

  it("reads LiteLLM's lists from router_settings, or from litellm_settings as its Router does", () => {
    const fromRouter = parseConfig(`${groups}router_settings:\n  fallbacks: [{"gpt-4o": ["gpt-4o-mini"]}]\n  default_fallbacks: [gpt-4o]\n`, "c.yaml", env());
    expect(fromRouter.fallbacks?.general.get("gpt-4o")).toEqual(["gpt-4o-mini"]);
    expect(fromRouter.fallbacks?.defaults).toEqual(["gpt-4o"]);
    const fromLitellm = parseConfig(`${groups}litellm_settings:\n  context_window_fallbacks: [{"gpt-4o-mini": "gpt-4o"}]\n  fallbacks: [{"*": ["gpt-4o-mini"]}]\n`, "c.yaml", env());
    expect(fromLitellm.fallbacks?.contextWindow.get("gpt-4o-mini")).toEqual(["gpt-4o"]);
    expect(fromLitellm.fallbacks?.defaults).toEqual(["gpt-4o-mini"]);
    expect(fromLitellm.warnings).toEqual([]);
    expect(parseConfig(`${groups}router_settings:\n  fallbacks: []\n`, "c.yaml", env()).fallbacks).toBeUndefined();
  });

  it("refuses a fallback list for a group that does not exist, and warns about a fallback to a model it does not serve", () => {
    expect(problemsOf(`${groups}router_settings:\n  fallbacks: [{"gpt-5": ["gpt-4o"]}]\n`)).toEqual([
      'router_settings.fallbacks[0].gpt-5: "gpt-5" is not a model_name or alias of model_list',
    ]);
    const config = parseConfig(`${groups}router_settings:\n  fallbacks: [{"gpt-4o": ["azure/gpt-4o", "gpt-4o-mini"]}]\n`, "c.yaml", env());
    expect(config.warnings).toEqual(['router_settings.fallbacks[0].gpt-4o[0]: "azure/gpt-4o" is no model_name or alias of this config; that fallback is skipped']);
    expect(problemsOf(`${groups}router_settings:\n  fallbacks: {"gpt-4o": ["gpt-4o-mini"]}\n`)[0]).toMatch(/^router_settings\.fallbacks: must be a list of/);
  });
});

describe("guardrails", () => {
  const filter = `guardrails:
  - guardrail_name: pii
    litellm_params:
      guardrail: litellm_content_filter
      mode: during_call
      patterns:
        - { pattern_type: prebuilt, pattern_name: email, action: mask }
`;

  it("reads LiteLLM's content filter; during_call runs before the call here", () => {
    const [guardrail] = parseConfig(`${model}${filter}`, "c.yaml", env()).guardrails ?? [];
    expect(guardrail).toEqual({ name: "pii", input: true, output: false, defaultOn: false, patterns: [{ prebuilt: "email", action: "MASK" }], blockedWords: [] });
  });

  it("stops start-up for a guardrail it cannot enforce, naming the path and the way out; its secrets need not be set", () => {
    const aporia = `${model}guardrails:\n  - guardrail_name: aporia-pre\n    litellm_params: { guardrail: aporia, mode: pre_call, api_key: os.environ/APORIA_API_KEY_1 }\n`;
    expect(problemsOf(aporia)).toEqual([
      'guardrails[0].litellm_params.guardrail: "aporia" is not available in Switchyard (it has litellm_content_filter and openai_moderation), so requests would go unfiltered. Remove the guardrail, or set SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS=1 to start without it',
    ]);
    const skipped = parseConfig(aporia, "c.yaml", { ...env(), skipUnavailableGuardrails: true });
    expect(skipped.guardrails).toEqual([]);
    expect(skipped.warnings).toEqual([
      'guardrails[0].litellm_params.guardrail: "aporia" is not available in Switchyard (it has litellm_content_filter and openai_moderation); SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS is set, so guardrail "aporia-pre" is left out and requests go unfiltered by it',
    ]);
  });

  it("refuses what the content filter cannot do: categories, other modes, unknown prebuilt patterns, broken regexes", () => {
    const entry = (params: string) => `${model}guardrails:\n  - guardrail_name: f\n    litellm_params: { guardrail: litellm_content_filter, ${params} }\n`;
    expect(problemsOf(entry(`mode: pre_call, categories: [{ category: harmful_violence, action: BLOCK }]`))[0]).toMatch(
      /^guardrails\[0\]\.litellm_params\.categories: LiteLLM's harmful-content categories/,
    );
    expect(problemsOf(entry(`mode: logging_only`))[0]).toMatch(/^guardrails\[0\]\.litellm_params\.mode: mode "logging_only" is not available/);
    expect(problemsOf(entry(`mode: { tags: { "User-Agent: claude-cli": logging_only }, default: pre_call }`))[0]).toMatch(
      /^guardrails\[0\]\.litellm_params\.mode: LiteLLM's tag-based modes \(\{ tags, default \}\) are not available in Switchyard, so requests would go unfiltered/,
    );
    expect(problemsOf(entry(`mode: 3`))[0]).toBe("guardrails[0].litellm_params.mode: must be pre_call, during_call or post_call, a list of them, or LiteLLM's { tags, default }");
    expect(problemsOf(entry(`mode: pre_call, patterns: [{ pattern_type: prebuilt, pattern_name: passport, action: BLOCK }]`))[0]).toMatch(
      /^guardrails\[0\]\.litellm_params\.patterns\[0\]\.pattern_name: must be one of email, /,
    );
    expect(problemsOf(entry(`mode: pre_call, patterns: [{ pattern_type: regex, pattern: "(unclosed", action: BLOCK }]`))[0]).toMatch(
      /^guardrails\[0\]\.litellm_params\.patterns\[0\]\.pattern: not a valid regular expression/,
    );
    expect(problemsOf(entry(`mode: pre_call, blocked_words: [{ keyword: x, action: DELETE }]`))[0]).toBe("guardrails[0].litellm_params.blocked_words[0].action: must be BLOCK or MASK");
  });

  it("reads openai_moderation as LiteLLM does: OpenAI's API by default, with api_key or OPENAI_API_KEY, else start-up stops", () => {
    const entry = (params: string) => `${model}guardrails:\n  - guardrail_name: mod\n    litellm_params: { guardrail: openai_moderation, ${params} }\n`;
    const [fromEnv] = parseConfig(entry("mode: [pre_call, during_call]"), "c.yaml", env({ OPENAI_API_KEY: "sk-env" })).guardrails ?? [];
    expect(fromEnv).toMatchObject({
      name: "mod",
      input: true,
      during: true,
      output: false,
      moderation: { url: "https://api.openai.com/v1/moderations", apiKey: "sk-env", model: "omni-moderation-latest" },
    });
    const [own] =
      parseConfig(entry("mode: post_call, api_key: os.environ/MOD_KEY, api_base: 'http://127.0.0.1:9/v1/', model: text-moderation-latest"), "c.yaml", env({ MOD_KEY: "sk-mod" }))
        .guardrails ?? [];
    expect(own).toMatchObject({ input: false, output: true, moderation: { url: "http://127.0.0.1:9/v1/moderations", apiKey: "sk-mod", model: "text-moderation-latest" } });
    expect(problemsOf(entry("mode: pre_call"))).toEqual([
      "guardrails[0].litellm_params.api_key: openai_moderation needs an API key (api_key, or OPENAI_API_KEY in the environment), or a model naming a model group of model_list that serves /moderations",
    ]);
    expect(problemsOf(entry("mode: pre_call, api_key: os.environ/MOD_KEY"))).toEqual(["guardrails[0].litellm_params.api_key: environment variable MOD_KEY is not set"]);
  });

  it("serves openai_moderation by a model group of model_list that its model names", () => {
    const list = `model_list:
  - model_name: moderator
    litellm_params: { model: openai/omni-moderation-2024-09-26, api_base: "http://127.0.0.1:9/v1", api_key: sk-deployment }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant }
`;
    const entry = (name: string) => `${list}guardrails:\n  - guardrail_name: mod\n    litellm_params: { guardrail: openai_moderation, mode: pre_call, model: ${name} }\n`;
    const [guardrail] = parseConfig(entry("moderator"), "c.yaml", env()).guardrails ?? [];
    expect(guardrail.moderation).toMatchObject({ url: "http://127.0.0.1:9/v1/moderations", apiKey: "sk-deployment", model: "omni-moderation-2024-09-26", modelGroup: "moderator" });
    expect(problemsOf(entry("claude"))).toEqual([
      'guardrails[0].litellm_params.model: model group "claude" has no OpenAI or OpenAI-compatible deployment with its own api_base and key to serve /moderations',
    ]);
  });

  it("runs every entry of a name given twice, as LiteLLM does, and says so by path", () => {
    const twice = `${model}${filter}  - guardrail_name: pii
    litellm_params: { guardrail: litellm_content_filter, mode: post_call, blocked_words: [{ keyword: secret, action: BLOCK }] }
`;
    const config = parseConfig(twice, "c.yaml", env());
    expect(config.guardrails?.map((guardrail) => guardrail.name)).toEqual(["pii", "pii"]);
    expect(config.warnings).toContain('guardrails[1].guardrail_name: "pii" also names guardrails[0]; as in LiteLLM, both run wherever that name applies');
  });

  it("warns that post_call MASK rules do not rewrite streamed answers (BLOCK rules and moderation check them whole)", () => {
    const config = parseConfig(`${model}${filter.replace("during_call", "post_call")}`, "c.yaml", env());
    expect(config.warnings).toEqual([
      `guardrails[0].litellm_params.mode: post_call holds streamed answers whole and checks them with guardrail "pii"'s BLOCK rules; its MASK rules apply to whole answers only, so streamed ones are not masked`,
    ]);
    const blocking = parseConfig(`${model}${filter.replace("during_call", "post_call").replace("action: mask", "action: BLOCK")}`, "c.yaml", env());
    expect(blocking.warnings).toEqual([]);
  });
});

describe("what LiteLLM's docs also write", () => {
  it("takes the providers' standard variables when an entry gives no api_base or api_key, as LiteLLM does", () => {
    const config = parseConfig(
      `model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: azure/my-gpt4o, api_version: "2024-10-21" }\n  - model_name: groq\n    litellm_params: { model: groq/llama-3.1-8b }\n`,
      "c.yaml",
      env({ AZURE_API_BASE: "https://my-resource.openai.azure.com", AZURE_API_KEY: "azure-from-env", GROQ_API_KEY: "gsk-from-env" }),
    );
    expect(config.deployments.map((deployment) => [deployment.apiBase, deployment.apiKey])).toEqual([
      ["https://my-resource.openai.azure.com", "azure-from-env"],
      ["https://api.groq.com/openai/v1", "gsk-from-env"],
    ]);
  });

  it("reads callbacks written as {name: settings}, model_info modes beyond chat, and numbers written as strings", () => {
    const config = parseConfig(
      `model_list:\n  - model_name: ocr\n    litellm_params: { model: openai/gpt-4o, api_key: k, temperature: "0.7" }\n    model_info: { mode: ocr }\nlitellm_settings:\n  callbacks:\n    - websearch_interception: { enabled_providers: [openai] }\n`,
      "c.yaml",
      env(),
    );
    expect(config.deployments[0]).toMatchObject({ mode: "ocr", requestDefaults: { temperature: 0.7 } });
    expect(config.warnings).toEqual(['litellm_settings.callbacks[0]: callback "websearch_interception" is not supported by Switchyard; nothing is sent to it']);
  });
});

describe("drop_params", () => {
  it("is read from litellm_settings for every deployment, and a deployment's own setting wins", () => {
    const config = parseConfig(
      `model_list:
  - model_name: a
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: k }
  - model_name: b
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: k, drop_params: false, additional_drop_params: [user] }
litellm_settings:
  drop_params: true
`,
      "c.yaml",
      env(),
    );
    expect(config.deployments.map((deployment) => [deployment.dropParams, deployment.additionalDropParams])).toEqual([
      [true, undefined],
      [false, ["user"]],
    ]);
    expect(config.warnings).toEqual([]);
  });
});

describe("the catch-all deployment", () => {
  it("warns that its own api_key goes to whichever provider a request names, and not when it has none or an api_base", () => {
    const warningsOf = (params: string) => parseConfig(`model_list:\n  - model_name: "*"\n    litellm_params: { model: "*"${params} }\n`, "c.yaml", env()).warnings;
    expect(
      warningsOf(", api_key: sk-only-for-openai").some((warning) => warning.startsWith('model_list[0].litellm_params.api_key: with model "*" this key goes to whichever provider')),
    ).toBe(true);
    expect(warningsOf("").some((warning) => warning.includes("this key goes to"))).toBe(false);
    expect(warningsOf(', api_key: sk-x, api_base: "http://127.0.0.1:9/v1"').some((warning) => warning.includes("this key goes to"))).toBe(false);
  });
});
