import { generateKeyPairSync } from "node:crypto";
import { GoogleGenAI } from "@google/genai";
import { JWT } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGoogle, type FakeGoogle } from "../../e2e/fixtures/fake-google.mjs";

// The fake Google is what the gateway's Vertex AI and Gemini API tests stand on, so Google's own
// clients drive it first: google-auth-library signs and exchanges a service account's JWT at its
// token endpoint (which plays oauth2.googleapis.com, the audience that library always signs for),
// and @google/genai calls Gemini on it with an API key and on Vertex AI with that token.

const googleTokenUri = "https://oauth2.googleapis.com/token";
const email = "switchyard-test@fake-project.iam.gserviceaccount.com";
let fake: FakeGoogle;
let privateKey: string;

/** A JWT client whose own HTTP client (gaxios) sends the token request to the fake instead of Google. */
function jwtClient(key = privateKey): JWT {
  const client = new JWT({ email, key, scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url) === googleTokenUri) options.url = new URL(fake.tokenUri);
      return options;
    },
  });
  return client;
}

beforeAll(async () => {
  fake = await startFakeGoogle({ tokenAudience: googleTokenUri, tokenLifetimeSeconds: 600 });
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
  privateKey = pair.privateKey;
  fake.trustServiceAccount(email, pair.publicKey);
});

afterAll(async () => {
  await fake?.close();
});

describe("the fake token endpoint, driven by google-auth-library", () => {
  it("issues a token for an assertion signed with the service account's key, with Google's lifetime fields", async () => {
    const credentials = await jwtClient().authorize();
    expect(credentials.access_token).toMatch(/^ya29\.fake-/);
    expect(credentials.expiry_date! - Date.now()).toBeGreaterThan(590_000);
    expect(fake.tokenRequests.at(-1)).toMatchObject({ account: email, refused: null });
  });

  it("refuses an assertion signed by another key, as Google does (invalid_grant)", async () => {
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const failure = await jwtClient(stranger.privateKey)
      .authorize()
      .catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toContain("invalid_grant");
    expect(fake.tokenRequests.at(-1)).toMatchObject({ refused: "Invalid JWT Signature." });
  });
});

describe("the fake model endpoints, driven by @google/genai", () => {
  it("answers the Gemini API with a known x-goog-api-key, whole and streamed", async () => {
    const ai = new GoogleGenAI({ apiKey: "gemini-key-0001", httpOptions: { baseUrl: fake.url } });
    const answer = await ai.models.generateContent({ model: "gemini-2.5-flash", contents: "hello fake" });
    expect(answer.text).toBe("echo: hello fake");
    expect(answer.usageMetadata?.thoughtsTokenCount).toBe(7);
    expect(fake.requests.at(-1)).toMatchObject({ url: "/v1beta/models/gemini-2.5-flash:generateContent", principal: "gemini-key-0001" });

    let streamed = "";
    for await (const chunk of await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: "stream fake" })) streamed += chunk.text ?? "";
    expect(streamed).toBe("echo: stream fake");
    expect(fake.requests.at(-1)?.url).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  });

  it("refuses the Gemini API an unknown key", async () => {
    const ai = new GoogleGenAI({ apiKey: "not-a-key", httpOptions: { baseUrl: fake.url } });
    await expect(ai.models.generateContent({ model: "gemini-2.5-flash", contents: "hi" })).rejects.toThrow(/API key not valid/);
  });

  it("answers Vertex AI with the service account's token, and function calls for tools", async () => {
    const ai = new GoogleGenAI({ vertexai: true, project: "fake-project", location: "us-central1", googleAuthOptions: { authClient: jwtClient() }, httpOptions: { baseUrl: fake.url } });
    const answer = await ai.models.generateContent({
      model: "gemini-2.5-flash",
      contents: "weather?",
      config: { tools: [{ functionDeclarations: [{ name: "get_weather", parameters: { type: "OBJECT" as never, properties: { city: { type: "STRING" as never } } } }] }] },
    });
    expect(answer.functionCalls).toEqual([{ name: "get_weather", args: { city: "Paris" } }]);
    const request = fake.requests.at(-1)!;
    expect(request.url).toMatch(/^\/v1beta1\/projects\/fake-project\/locations\/us-central1\/publishers\/google\/models\/gemini-2\.5-flash:generateContent/);
    expect(request.principal).toBe(email);
  });

  it("refuses Vertex AI a call without a token it issued", async () => {
    const response = await fetch(`${fake.url}/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent`, {
      method: "POST",
      headers: { authorization: "Bearer ya29.made-up", "content-type": "application/json" },
      body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
  });
});
