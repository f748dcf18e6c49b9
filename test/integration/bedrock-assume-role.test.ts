import OpenAI, { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBedrock, type FakeBedrock, type FakeBedrockAccount } from "../../e2e/fixtures/fake-bedrock.mjs";
import { startFakeSts, type FakeSts } from "../../e2e/fixtures/fake-sts.mjs";
import { startGateway, type GatewayProcess } from "./helpers/gateway-process";
import { createKey } from "./helpers/management";

// LiteLLM's aws_role_name through the built gateway: AWS's STS client assumes the role at a fake
// STS that checks the SigV4 signature of AssumeRole (and the web identity token of
// AssumeRoleWithWebIdentity); the fake Bedrock knows only the temporary keys STS issued, so a
// request answered proves it was signed with the role's keys and their session token.

const baseKeyId = "AKIABASEFORROLE00001";
const baseSecret = "base-secret-for-role-0001";
const role = "arn:aws:iam::111122223333:role/LiteLLMBedrock";
const webRole = "arn:aws:iam::111122223333:role/WebIdentityBedrock";
const webToken = "eyJ.fake-web-identity-token.sig";

let accounts: Record<string, FakeBedrockAccount>;
let sts: FakeSts;
let bedrock: FakeBedrock;
let gateway: GatewayProcess;
let client: OpenAI;

beforeAll(async () => {
  // The base keys may call STS only: Bedrock does not know them.
  accounts = {};
  sts = await startFakeSts({
    accounts: new Proxy(accounts, { get: (target, name) => (name === baseKeyId ? { secretAccessKey: baseSecret } : target[name as string]) }),
    roles: { [role]: { trusted: [baseKeyId] }, [webRole]: { webIdentityTokens: [webToken] } },
  });
  bedrock = await startFakeBedrock({ accounts });
  const at = `aws_bedrock_runtime_endpoint: "${bedrock.url}", aws_region_name: us-east-1, aws_sts_endpoint: "${sts.url}"`;
  gateway = await startGateway({
    config: `
model_list:
  - model_name: nova-role
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, ${at}, aws_access_key_id: ${baseKeyId}, aws_secret_access_key: ${baseSecret}, aws_role_name: "${role}", aws_session_name: litellm-prod }
  - model_name: nova-web-identity
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, ${at}, aws_role_name: "${webRole}", aws_web_identity_token: os.environ/AWS_WEB_IDENTITY_TOKEN }
  - model_name: nova-untrusted
    litellm_params: { model: bedrock/amazon.nova-lite-v1:0, ${at}, aws_access_key_id: ${baseKeyId}, aws_secret_access_key: ${baseSecret}, aws_role_name: "arn:aws:iam::111122223333:role/NotForYou" }
`,
    env: { AWS_WEB_IDENTITY_TOKEN: webToken },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: await createKey(gateway.url, { key_alias: "assume-role" }), maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await bedrock?.close();
  await sts?.close();
});

const hello = (model: string) => ({ model, messages: [{ role: "user" as const, content: "hello" }] });

describe("aws_role_name", () => {
  it("signs Bedrock requests with the assumed role's temporary keys, assumed once and reused, streamed or not", async () => {
    const whole = await client.chat.completions.create(hello("nova-role"));
    expect(whole.choices[0].message.content).toBe("Bedrock amazon.nova-lite-v1:0 heard: hello");
    const stream = await client.chat.completions.create({ ...hello("nova-role"), stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe("Bedrock amazon.nova-lite-v1:0 heard: hello");

    const grants = sts.grants.filter((grant) => grant.roleArn === role);
    expect(grants).toEqual([expect.objectContaining({ action: "AssumeRole", principal: baseKeyId, sessionName: "litellm-prod" })]);
    const signedWith = bedrock.requests.slice(-2).map((request) => request.accessKeyId);
    expect(signedWith).toEqual([grants[0].accessKeyId, grants[0].accessKeyId]);
    expect(bedrock.requests.at(-1)!.headers["x-amz-security-token"]).toBe(accounts[grants[0].accessKeyId].sessionToken);
  });

  it("assumes a role with a web identity token, unsigned, when no keys are given", async () => {
    const answer = await client.chat.completions.create(hello("nova-web-identity"));
    expect(answer.choices[0].message.content).toContain("heard: hello");
    const grant = sts.grants.find((entry) => entry.roleArn === webRole);
    expect(grant).toMatchObject({ action: "AssumeRoleWithWebIdentity", principal: "web-identity" });
    expect(bedrock.requests.at(-1)!.accessKeyId).toBe(grant!.accessKeyId);
  });

  it("answers 401 in OpenAI's shape, naming the role and STS's reason, when STS refuses, and sends nothing to Bedrock", async () => {
    const before = bedrock.requests.length;
    const refused = await client.chat.completions.create(hello("nova-untrusted")).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(APIError);
    const error = refused as APIError;
    expect(error.status).toBe(401);
    expect(error.code).toBe("aws_assume_role_failed");
    expect(error.message).toContain("arn:aws:iam::111122223333:role/NotForYou");
    expect(error.message).toContain("AccessDenied");
    expect(error.message).not.toContain(baseSecret);
    expect(bedrock.requests.length).toBe(before);
  });
});
