import { describe, expect, it } from "vitest";
import { parseConfig } from "../../config/load-config";
import type { GatewayContext } from "../context";
import { GatewayError } from "../errors";
import { connectDeployment } from "./connect-deployment";
import type { CredentialLookup } from "./credential-store";

// Which key goes to which endpoint when a deployment names a stored credential: the stored
// values fill in what the config entry leaves out, but never send the config's own key elsewhere.

const config = parseConfig(
  `
model_list:
  - model_name: stored-only
    litellm_params: { model: openai/gpt-4o, litellm_credential_name: stored }
  - model_name: config-key
    litellm_params: { model: openai/gpt-4o, api_key: sk-from-config-file-0001, litellm_credential_name: stored }
  - model_name: config-key-and-base
    litellm_params: { model: openai/gpt-4o, api_key: sk-from-config-file-0001, api_base: "https://home.test/v1", litellm_credential_name: stored }
  - model_name: bedrock-stored
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, litellm_credential_name: stored }
  - model_name: bedrock-config-keys
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, aws_access_key_id: AKIACONFIG, aws_secret_access_key: config-secret, litellm_credential_name: stored }
`,
  "connect.yaml",
  { lookupEnv: () => undefined },
);
const deployment = (group: string) => config.deployments.find((candidate) => candidate.modelGroup === group)!;
// Only `lookup` is read on this path.
const withStored = (values: Record<string, string>) =>
  ({ credentials: { lookup: async (): Promise<CredentialLookup> => ({ kind: "found", values }) } }) as unknown as Pick<GatewayContext, "credentials">;

async function failure(run: Promise<unknown>): Promise<GatewayError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("connectDeployment", () => {
  it("sends a stored key to the stored endpoint", async () => {
    const connected = await connectDeployment(withStored({ api_key: "sk-stored-0001", api_base: "https://stored.test/v1" }), deployment("stored-only"));
    expect(connected).toMatchObject({ apiKey: "sk-stored-0001", apiBase: "https://stored.test/v1" });
  });

  it("never sends the config file's key to an endpoint only the stored credential names", async () => {
    const refused = await failure(Promise.resolve(connectDeployment(withStored({ api_base: "https://elsewhere.test/v1" }), deployment("config-key"))));
    expect(refused).toMatchObject({ code: "credential_unusable", status: 503 });
    expect(refused.message).toContain("api_base");
    // Its own endpoint wins over the credential's, so the config's key stays where the config sends it.
    const own = await connectDeployment(withStored({ api_base: "https://elsewhere.test/v1" }), deployment("config-key-and-base"));
    expect(own).toMatchObject({ apiKey: "sk-from-config-file-0001", apiBase: "https://home.test/v1" });
  });

  it("marks the api_base an admin stored, and only that one, for address-checked connections", async () => {
    expect(await connectDeployment(withStored({ api_key: "sk-stored-0001", api_base: "https://stored.test/v1" }), deployment("stored-only"))).toMatchObject({ storedApiBase: true });
    // The provider's default, and the config file's own api_base, are the operator's.
    expect(await connectDeployment(withStored({ api_key: "sk-stored-0001" }), deployment("stored-only"))).not.toHaveProperty("storedApiBase");
    expect(await connectDeployment(withStored({ api_base: "https://elsewhere.test/v1" }), deployment("config-key-and-base"))).not.toHaveProperty("storedApiBase");
  });

  it("signs Bedrock requests with the stored AWS keys, at the stored region's endpoint", async () => {
    const connected = await connectDeployment(
      withStored({ aws_access_key_id: "AKIASTORED", aws_secret_access_key: "stored-secret", aws_region_name: "eu-central-1" }),
      deployment("bedrock-stored"),
    );
    expect(connected).toMatchObject({
      apiBase: "https://bedrock-runtime.eu-central-1.amazonaws.com",
      aws: { region: "eu-central-1", accessKeyId: "AKIASTORED", secretAccessKey: "stored-secret" },
    });
    expect(connected).not.toHaveProperty("storedApiBase");
    const endpoint = await connectDeployment(
      withStored({ aws_access_key_id: "AKIASTORED", aws_secret_access_key: "s", aws_bedrock_runtime_endpoint: "https://vpce.test" }),
      deployment("bedrock-stored"),
    );
    expect(endpoint).toMatchObject({ apiBase: "https://vpce.test", storedApiBase: true });
  });

  it("never lets a stored endpoint or region carry the config file's AWS keys elsewhere", async () => {
    const moved = await failure(Promise.resolve(connectDeployment(withStored({ aws_bedrock_runtime_endpoint: "https://elsewhere.test" }), deployment("bedrock-config-keys"))));
    expect(moved).toMatchObject({ code: "credential_unusable" });
    // A region names the host: one that is not a region name is no endpoint at all.
    const region = await failure(Promise.resolve(connectDeployment(withStored({ aws_region_name: "evil.test/x" }), deployment("bedrock-config-keys"))));
    expect(region).toMatchObject({ code: "credential_unusable" });
  });
});
