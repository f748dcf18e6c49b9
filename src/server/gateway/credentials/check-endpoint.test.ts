import { describe, expect, it } from "vitest";
import { OutboundAllowList } from "../../security/outbound-address";
import { GatewayError } from "../errors";
import { checkCredentialEndpoints, endpointRefusedMessage, type EndpointPolicy } from "./check-endpoint";
import { endpointFields } from "./endpoint-fields";

// Which endpoints an admin may store with a credential: public http(s) addresses, and what
// SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows. Saving looks nothing up: other names are checked
// where each connection is made (checked-connector.ts, credential-addresses.test.ts).

const nothingAllowed: EndpointPolicy = { allowedHosts: new OutboundAllowList() };
const check = (values: Record<string, string>, policy = nothingAllowed) => checkCredentialEndpoints(values, endpointFields, policy);

async function refusal(run: Promise<unknown>): Promise<GatewayError> {
  const error = await run.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof GatewayError) return error;
  throw new Error(`expected a refusal, got ${String(error)}`);
}

describe("checkCredentialEndpoints", () => {
  it.each([
    "http://127.0.0.1:4000/v1",
    "http://[::1]/v1",
    "http://[::ffff:127.0.0.1]/v1",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/v1",
    "http://192.168.1.20/v1",
    "http://[fd00::1]/v1",
    "http://0x7f.1/v1",
    "http://localhost:4000/v1",
    "ftp://api.example.test/v1",
    "not a url",
  ])("refuses %s with one message naming SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS", async (base) => {
    const error = await refusal(check({ api_key: "sk-x", api_base: base }));
    expect(error).toMatchObject({ code: "credential_endpoint_refused", status: 400, param: "credential_values.api_base" });
    expect(error.message).toBe(`credential_values.api_base: ${endpointRefusedMessage}`);
  });

  it("checks every field that names a host, not only api_base", async () => {
    expect((await refusal(check({ base_url: "http://10.1.2.3" }))).param).toBe("credential_values.base_url");
    expect((await refusal(check({ azure_endpoint: "http://169.254.169.254" }))).param).toBe("credential_values.azure_endpoint");
    expect((await refusal(check({ aws_region_name: "us-east-1.evil.test#" }))).param).toBe("credential_values.aws_region_name");
    await check({ aws_region_name: "us-east-1", vertex_location: "europe-west4", api_version: "not checked" });
  });

  it("refuses localhost names without asking a resolver, and leaves other names to the connection", async () => {
    expect((await refusal(check({ api_base: "http://api.localhost/v1" }))).code).toBe("credential_endpoint_refused");
    await check({ api_base: "https://not-looked-up.example.test/v1" });
  });

  it("lets through what the operator allows: an address, a range, a name", async () => {
    await check({ api_base: "http://127.0.0.1:4000/v1" }, { allowedHosts: new OutboundAllowList(["127.0.0.1"]) });
    await check({ api_base: "http://localhost:4000/v1" }, { allowedHosts: new OutboundAllowList(["127.0.0.0/8"]) });
    await check({ api_base: "http://llm.internal.test/v1" }, { allowedHosts: new OutboundAllowList(["llm.internal.test"]) });
    expect((await refusal(check({ api_base: "http://10.0.0.1/v1" }, { allowedHosts: new OutboundAllowList(["127.0.0.1"]) }))).code).toBe("credential_endpoint_refused");
  });

  it("checks only the fields it is given (an update checks what it moves)", async () => {
    await checkCredentialEndpoints({ api_base: "http://127.0.0.1/v1", api_key: "sk-x" }, [], nothingAllowed);
  });
});
