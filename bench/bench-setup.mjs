// What both benchmarks (run.mjs and compare.mjs) serve and send: one config over the fake
// upstream, and the request bodies of each row.

/** The gateway's config: chat groups, a wildcard group and an Anthropic group, all on the fake upstream. */
export function benchConfigYaml(upstreamUrl, masterKey) {
  return `model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${upstreamUrl}/v1", api_key: sk-bench-upstream }
  - model_name: reasoner
    litellm_params: { model: openai/o4-mini, api_base: "${upstreamUrl}/v1", api_key: sk-bench-upstream }
  - model_name: "openai/*"
    litellm_params: { model: "openai/*", api_base: "${upstreamUrl}/v1", api_key: sk-bench-upstream }
  - model_name: claude-sonnet-4-5
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${upstreamUrl}", api_key: sk-ant-bench-upstream }
general_settings: { master_key: ${masterKey} }
`;
}

export const chatBody = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Say hello" }] });
export const streamBody = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Say hello" }], stream: true });
export const wildcardBody = JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }] });
