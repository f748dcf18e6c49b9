/** An origin allowed to call the OpenAI routes from a browser, for preflight tests. */
export const browserOrigin = "http://app.example";

/** A gpt-4o and a claude deployment on the fake upstream, with `browserOrigin` allowed. */
export function configWithBrowserOrigin(fakeUrl: string, upstreamKey: string): string {
  return `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fakeUrl}/v1", api_key: ${upstreamKey} }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "${fakeUrl}", api_key: sk-ant-${upstreamKey} }
general_settings:
  allowed_origins: ["${browserOrigin}"]
`;
}
