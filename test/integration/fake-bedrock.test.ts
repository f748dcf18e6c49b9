import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeBedrock, type FakeBedrock } from "../../e2e/fixtures/fake-bedrock.mjs";

// Self-test of the fake Bedrock runtime, driven by AWS's own SDK: what the SDK signs, the fake
// accepts, and the SDK reads the fake's answers, event streams and errors as it reads AWS's. So
// the gateway's tests against this fake test it against what AWS accepts.
let fake: FakeBedrock;
const accessKeyId = "AKIAFAKEBEDROCK0001";
const secretAccessKey = "fake-bedrock-secret-key-0001";

function client(overrides: { secretAccessKey?: string; region?: string; sessionToken?: string; accessKeyId?: string } = {}) {
  return new BedrockRuntimeClient({
    region: overrides.region ?? "us-east-1",
    endpoint: fake.url,
    credentials: { accessKeyId: overrides.accessKeyId ?? accessKeyId, secretAccessKey: overrides.secretAccessKey ?? secretAccessKey, sessionToken: overrides.sessionToken },
    maxAttempts: 1,
    // The fake speaks HTTP/1.1, as the gateway does to Bedrock; the SDK would pick HTTP/2 for streams.
    requestHandler: new NodeHttpHandler(),
  });
}

beforeAll(async () => {
  fake = await startFakeBedrock({
    accounts: { [accessKeyId]: { secretAccessKey }, ASIATEMPORARY0001: { secretAccessKey: "temporary-secret", sessionToken: "session-token-1" } },
  });
});

afterAll(async () => {
  await fake?.close();
});

const modelId = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
const messages = [{ role: "user" as const, content: [{ text: "hello" }] }];

describe("fake Bedrock, driven by @aws-sdk/client-bedrock-runtime", () => {
  it("answers Converse signed by the SDK", async () => {
    const answer = await client().send(new ConverseCommand({ modelId, messages, inferenceConfig: { maxTokens: 100 } }));
    expect(answer.output?.message?.content?.[0]?.text).toBe(`Bedrock ${modelId} heard: hello`);
    expect(answer.stopReason).toBe("end_turn");
    expect(answer.usage?.outputTokens).toBe(7);
    // The SDK encodes the model id's ":" in the path; the fake verified the signature over that path.
    expect(fake.requests.at(-1)?.url).toBe("/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
  });

  it("streams ConverseStream as event-stream messages the SDK decodes, split across chunks", async () => {
    const answer = await client().send(new ConverseStreamCommand({ modelId, messages }));
    const events: string[] = [];
    let text = "";
    for await (const event of answer.stream!) {
      events.push(Object.keys(event)[0]);
      text += event.contentBlockDelta?.delta?.text ?? "";
      if (event.metadata) expect(event.metadata.usage?.totalTokens).toBeGreaterThan(0);
    }
    expect(text).toBe(`Bedrock ${modelId} heard: hello`);
    expect(events[0]).toBe("messageStart");
    expect(events.slice(-3)).toEqual(["contentBlockStop", "messageStop", "metadata"]);
  });

  it("answers a tool call, with its id, when tools are offered", async () => {
    const toolConfig = { tools: [{ toolSpec: { name: "weather", inputSchema: { json: { type: "object" } } } }] };
    const answer = await client().send(new ConverseCommand({ modelId, messages, toolConfig }));
    const toolUse = answer.output?.message?.content?.[0]?.toolUse;
    expect(answer.stopReason).toBe("tool_use");
    expect(toolUse).toMatchObject({ name: "weather", input: { city: "Paris" } });
    expect(toolUse?.toolUseId).toMatch(/^tooluse_/);
  });

  it("serves InvokeModel and its stream with Anthropic's body", async () => {
    const body = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 50, messages: [{ role: "user", content: "hi" }] });
    const answer = await client().send(new InvokeModelCommand({ modelId, body, contentType: "application/json" }));
    expect(JSON.parse(Buffer.from(answer.body).toString("utf8"))).toMatchObject({ type: "message", content: [{ type: "text", text: "Claude on Bedrock heard: hi" }] });
    const streamed = await client().send(new InvokeModelWithResponseStreamCommand({ modelId, body, contentType: "application/json" }));
    const types: string[] = [];
    for await (const event of streamed.body!) types.push(JSON.parse(Buffer.from(event.chunk!.bytes!).toString("utf8")).type);
    expect(types[0]).toBe("message_start");
    expect(types.at(-1)).toBe("message_stop");
  });

  it("embeds with Titan through InvokeModel", async () => {
    const answer = await client().send(
      new InvokeModelCommand({ modelId: "amazon.titan-embed-text-v2:0", body: JSON.stringify({ inputText: "two words", dimensions: 4 }), contentType: "application/json" }),
    );
    const body = JSON.parse(Buffer.from(answer.body).toString("utf8"));
    expect(body.embedding).toHaveLength(4);
    expect(body.inputTextTokenCount).toBe(2);
  });

  it("accepts temporary credentials only with their session token", async () => {
    const temporary = { accessKeyId: "ASIATEMPORARY0001", secretAccessKey: "temporary-secret" };
    await expect(client({ ...temporary, sessionToken: "session-token-1" }).send(new ConverseCommand({ modelId, messages }))).resolves.toBeDefined();
    await expect(client({ ...temporary, sessionToken: "another" }).send(new ConverseCommand({ modelId, messages }))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("refuses a wrong secret, a wrong region and an unknown key as AWS does", async () => {
    await expect(client({ secretAccessKey: "wrong" }).send(new ConverseCommand({ modelId, messages }))).rejects.toMatchObject({
      name: "InvalidSignatureException",
      message: expect.stringContaining("signature we calculated does not match"),
      $metadata: { httpStatusCode: 403 },
    });
    await expect(client({ region: "eu-west-1" }).send(new ConverseCommand({ modelId, messages }))).rejects.toMatchObject({ name: "InvalidSignatureException" });
    await expect(client({ accessKeyId: "AKIAUNKNOWN" }).send(new ConverseCommand({ modelId, messages }))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
  });

  it("refuses a signature more than five minutes off its clock", async () => {
    const ahead = await startFakeBedrock({ accounts: { [accessKeyId]: { secretAccessKey } }, now: () => Date.now() + 10 * 60_000 });
    try {
      const skewed = new BedrockRuntimeClient({
        region: "us-east-1",
        endpoint: ahead.url,
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler(),
      });
      await expect(skewed.send(new ConverseCommand({ modelId, messages }))).rejects.toMatchObject({
        name: "InvalidSignatureException",
        message: expect.stringContaining("Signature expired"),
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      await ahead.close();
    }
  });

  it("throttles on demand with ThrottlingException, and refuses what Converse refuses", async () => {
    fake.throttleNext();
    await expect(client().send(new ConverseCommand({ modelId, messages }))).rejects.toMatchObject({ name: "ThrottlingException", $metadata: { httpStatusCode: 429 } });
    await expect(client().send(new ConverseCommand({ modelId, messages: [{ role: "assistant", content: [{ text: "x" }] }] }))).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("ends a stream with a throttlingException message the SDK raises", async () => {
    fake.throttleNextStream();
    const answer = await client().send(new ConverseStreamCommand({ modelId, messages }));
    await expect(
      (async () => {
        for await (const _event of answer.stream!) void _event;
      })(),
    ).rejects.toMatchObject({ name: "ThrottlingException" });
  });
});
