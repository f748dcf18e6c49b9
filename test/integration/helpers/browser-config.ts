/** An origin allowed to call the OpenAI routes from a browser, for preflight tests. */
export const browserOrigin = "http://app.example";

/** One gpt-4o deployment on the fake upstream, with `browserOrigin` allowed. */
export function configWithBrowserOrigin(fakeUrl: string, upstreamKey: string): string {
  return `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, api_base: "${fakeUrl}/v1", api_key: ${upstreamKey} }
general_settings:
  allowed_origins: ["${browserOrigin}"]
`;
}
