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
});
