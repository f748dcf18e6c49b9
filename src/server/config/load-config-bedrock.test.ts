import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseConfig } from "./load-config";

// Bedrock deployments: LiteLLM's aws_* params (or the standard AWS variables), the region's own
// endpoint unless one is given, and secrets kept out of what /model/info shows.

const load = (text: string, env: Record<string, string> = {}) => parseConfig(text, "bedrock.yaml", { lookupEnv: (name) => env[name] });

describe("bedrock deployments", () => {
  it("read the aws_* params, os.environ/ refs included, and reach the region's endpoint", () => {
    const config = load(
      `
model_list:
  - model_name: claude
    litellm_params:
      model: bedrock/us.anthropic.claude-sonnet-4-6
      aws_access_key_id: os.environ/MY_KEY_ID
      aws_secret_access_key: os.environ/MY_SECRET
      aws_session_token: token-1
      aws_region_name: eu-west-1
`,
      { MY_KEY_ID: "AKIAFROMREF", MY_SECRET: "secret-from-ref" },
    );
    const [deployment] = config.deployments;
    expect(deployment).toMatchObject({
      provider: "bedrock",
      providerPrefix: "bedrock",
      upstreamModel: "us.anthropic.claude-sonnet-4-6",
      apiBase: "https://bedrock-runtime.eu-west-1.amazonaws.com",
      aws: { region: "eu-west-1", accessKeyId: "AKIAFROMREF", secretAccessKey: "secret-from-ref", sessionToken: "token-1" },
    });
    // The secret and token are left out; the key id is shown as a hint only.
    expect(deployment.publicParams).toEqual({ model: "bedrock/us.anthropic.claude-sonnet-4-6", aws_access_key_id: "****", aws_region_name: "eu-west-1" });
    expect(JSON.stringify(deployment.publicParams)).not.toMatch(/secret-from-ref|token-1|AKIAFROMREF/);
  });

  it("fall back to the standard AWS variables, the keys as one pair, and to us-west-2 as LiteLLM does", () => {
    const env = { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_SESSION_TOKEN: "env-token", AWS_DEFAULT_REGION: "ap-south-1" };
    const config = load(
      `
model_list:
  - model_name: a
    litellm_params: { model: bedrock/converse/amazon.nova-lite-v1:0 }
  - model_name: b
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, aws_access_key_id: AKIAOWN, aws_secret_access_key: own-secret }
`,
      env,
    );
    expect(config.deployments[0].aws).toEqual({ region: "ap-south-1", accessKeyId: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token" });
    expect(config.deployments[0].apiBase).toBe("https://bedrock-runtime.ap-south-1.amazonaws.com");
    // The environment's session token belongs to the environment's keys, never to the entry's own.
    expect(config.deployments[1].aws).toEqual({ region: "ap-south-1", accessKeyId: "AKIAOWN", secretAccessKey: "own-secret" });
    expect(load(`model_list: [{ model_name: c, litellm_params: { model: bedrock/amazon.nova-lite-v1:0 } }]`).deployments[0]).toMatchObject({
      apiBase: "https://bedrock-runtime.us-west-2.amazonaws.com",
      aws: { region: "us-west-2" },
    });
  });

  it("take aws_bedrock_runtime_endpoint, else api_base, as the endpoint, and keys from credential_list", () => {
    const config = load(`
credential_list:
  - credential_name: aws-prod
    credential_values: { aws_access_key_id: AKIACRED, aws_secret_access_key: cred-secret, aws_region_name: us-east-2 }
model_list:
  - model_name: a
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, aws_bedrock_runtime_endpoint: "http://127.0.0.1:9999/", api_base: "http://127.0.0.1:1/", litellm_credential_name: aws-prod }
  - model_name: b
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, api_base: "http://127.0.0.1:8888" }
`);
    expect(config.deployments[0]).toMatchObject({ apiBase: "http://127.0.0.1:9999", aws: { region: "us-east-2", accessKeyId: "AKIACRED", secretAccessKey: "cred-secret" } });
    expect(config.deployments[1].apiBase).toBe("http://127.0.0.1:8888");
  });

  it("refuse a region that is not a region name and an endpoint that is not a URL", () => {
    try {
      load(`model_list: [{ model_name: a, litellm_params: { model: bedrock/x, aws_region_name: "evil.com/", aws_bedrock_runtime_endpoint: "ftp://x" } }]`);
      throw new Error("loaded");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join("\n")).toMatch(/aws_region_name: must be an AWS region name[\s\S]*aws_bedrock_runtime_endpoint: must be an http\(s\) URL/);
    }
  });

  it("read the AWS variables from environment_variables as LiteLLM exports them", () => {
    const config = load(`
environment_variables: { AWS_ACCESS_KEY_ID: AKIAEXPORTED, AWS_SECRET_ACCESS_KEY: exported-secret, AWS_REGION: ca-central-1 }
model_list:
  - model_name: a
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0 }
`);
    expect(config.deployments[0].aws).toEqual({ region: "ca-central-1", accessKeyId: "AKIAEXPORTED", secretAccessKey: "exported-secret" });
  });
});
