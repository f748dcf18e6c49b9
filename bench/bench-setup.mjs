// What both benchmarks (run.mjs and compare.mjs) serve and send: one config over the fake
// upstream, and the request bodies of each row.

/** The gateway's config: chat groups, a wildcard group, an Anthropic group and a Bedrock group, all on the fake upstream. */
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
  - model_name: bedrock-nova
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, aws_bedrock_runtime_endpoint: "${upstreamUrl}", aws_region_name: us-east-1, aws_access_key_id: AKIABENCH, aws_secret_access_key: bench-secret }
general_settings: { master_key: ${masterKey} }
`;
}

export const chatBody = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Say hello" }] });
export const streamBody = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Say hello" }], stream: true });
export const wildcardBody = JSON.stringify({ model: "openai/gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }] });
/** Bedrock through ConverseStream: signed, and its event stream decoded and translated, by the gateway. */
export const bedrockStreamBody = JSON.stringify({ model: "bedrock-nova", messages: [{ role: "user", content: "Say hello" }], stream: true });
/** What the reference proxy forwards for the same row: the Converse body, to the same upstream path. */
export const bedrockConversePath = "/model/amazon.nova-lite-v1%3A0/converse-stream";
export const converseStreamBody = JSON.stringify({ messages: [{ role: "user", content: [{ text: "Say hello" }] }] });
