import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig, type ConfigSources } from "./load-config";

const sources: ConfigSources = { lookupEnv: () => undefined };

const models = `model_list:
  - model_name: claude-sonnet
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_key: sk-ant }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_key: sk-openai }
  - model_name: "anthropic/*"
    litellm_params: { model: "anthropic/*", api_key: sk-ant }
`;

function load(routerSettings: string) {
  return parseConfig(`${models}router_settings:\n${routerSettings}`, "config.yaml", sources);
}

function problemsOf(routerSettings: string): readonly string[] {
  try {
    load(routerSettings);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError, the config loaded");
}

describe("router_settings.model_group_alias", () => {
  it("reads LiteLLM's two forms: a group's name, or { model, hidden }", () => {
    const config = load(`  model_group_alias:
    claude-sonnet-4-5-20250929: claude-sonnet
    GPT-4O: { model: gpt-4o, hidden: true }
    gpt-4: { model: gpt-4o }
`);
    expect(config.modelGroupAliases).toEqual([
      { alias: "claude-sonnet-4-5-20250929", group: "claude-sonnet", hidden: false },
      { alias: "GPT-4O", group: "gpt-4o", hidden: true },
      { alias: "gpt-4", group: "gpt-4o", hidden: false },
    ]);
    expect(config.warnings).toEqual([]);
  });

  it("reads LiteLLM's flow style, as its docs write it", () => {
    const config = load(`  model_group_alias: {"gemini-2.5-pro": "claude-sonnet"}\n`);
    expect(config.modelGroupAliases).toEqual([{ alias: "gemini-2.5-pro", group: "claude-sonnet", hidden: false }]);
  });

  it("is empty without the setting", () => {
    expect(parseConfig(models, "config.yaml", sources).modelGroupAliases).toEqual([]);
  });

  it("refuses an alias to a group that does not exist, naming the YAML path", () => {
    expect(problemsOf(`  model_group_alias:\n    claude-3: claude-opus\n`)).toEqual(['router_settings.model_group_alias.claude-3: "claude-opus" is not a model_name of model_list']);
    expect(problemsOf(`  model_group_alias:\n    claude-3: { model: claude-opus, hidden: true }\n`)).toEqual([
      'router_settings.model_group_alias.claude-3.model: "claude-opus" is not a model_name of model_list',
    ]);
  });

  it("refuses values that are neither a name nor { model, hidden }", () => {
    const problems = problemsOf(`  model_group_alias:\n    a: 42\n    b: [gpt-4o]\n    c: { hidden: true }\n    d:\n`);
    expect(problems).toHaveLength(4);
    for (const alias of ["a", "b", "c", "d"]) {
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^router_settings\\.model_group_alias\\.${alias}(\\.model)?: `)));
    }
    expect(problems.find((problem) => problem.startsWith("router_settings.model_group_alias.a:"))).toContain("must be a model group's name, or { model: <model group>, hidden: true|false }");
    expect(problemsOf(`  model_group_alias:\n    a: { model: gpt-4o, hidden: "yes" }\n`)).toEqual([expect.stringMatching(/^router_settings\.model_group_alias\.a: /)]);
    expect(problemsOf(`  model_group_alias: [gpt-4o]\n`)).toEqual([expect.stringMatching(/^router_settings\.model_group_alias: /)]);
  });

  it("refuses an alias to another alias, which LiteLLM does not follow either", () => {
    expect(problemsOf(`  model_group_alias:\n    sonnet: claude-sonnet\n    claude: sonnet\n`)).toEqual([
      'router_settings.model_group_alias.claude: "sonnet" is another alias, not a model group; name the model group it stands for (aliases are not followed twice)',
    ]);
  });

  it("refuses an alias to a wildcard group, whose deployment needs a concrete model", () => {
    expect(problemsOf(`  model_group_alias:\n    claude: "anthropic/*"\n`)).toEqual([
      'router_settings.model_group_alias.claude: "anthropic/*" is a wildcard model group; an alias must name a model group without wildcards',
    ]);
  });

  it("warns about, and drops, an alias that is itself a model group: the group wins", () => {
    const config = load(`  model_group_alias:\n    gpt-4o: claude-sonnet\n    gpt-4: gpt-4o\n`);
    expect(config.modelGroupAliases).toEqual([{ alias: "gpt-4", group: "gpt-4o", hidden: false }]);
    expect(config.warnings).toEqual(['router_settings.model_group_alias.gpt-4o: "gpt-4o" is a model group of model_list, which requests reach first; the alias is never used']);
  });

  it("warns about keys of an alias entry it does not read", () => {
    const config = load(`  model_group_alias:\n    gpt-4: { model: gpt-4o, hiden: true }\n`);
    expect(config.warnings).toEqual(["router_settings.model_group_alias.gpt-4.hiden: not used by Switchyard, ignored"]);
  });

  it("reports alias problems together with the other router_settings problems", () => {
    const problems = problemsOf(`  routing_strategy: round-robin\n  model_group_alias:\n    a: 42\n`);
    expect(problems).toHaveLength(2);
  });
});
