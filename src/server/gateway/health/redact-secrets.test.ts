import { describe, expect, it } from "vitest";
import { redactSecrets, secretsOf } from "./redact-secrets";

describe("redactSecrets", () => {
  it.each([
    [
      "Incorrect API key provided: sk-proj-abcdef1234567890. You can find your API key at https://platform.openai.com",
      "Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com",
    ],
    ["invalid x-api-key", "invalid x-api-key"],
    ['{"error":"bad","api_key":"abc123secret"}', '{"error":"bad","api_key":"[redacted]"}'],
    ["Authorization: Bearer ya29.a0AfH6SMBx-token", "Authorization: Bearer [redacted]"],
    ["The security token included in the request is invalid: ASIAABCDEFGHIJKLMNOP", "The security token included in the request is invalid: [redacted]"],
    ["API key not valid: AIzaSyA-1234567890abcdefghijklmnop", "API key not valid: [redacted]"],
    [
      "blob at https://acct.blob.core.windows.net/c/f?sv=2024-01-01&se=2026&sig=abc%2Fdef&foo=bar failed",
      "blob at https://acct.blob.core.windows.net/c/f?sv=[redacted]&se=[redacted]&sig=[redacted]&foo=bar failed",
    ],
    ["connect to https://user:hunter2@proxy.internal:8080/v1 refused", "connect to https://[redacted]@proxy.internal:8080/v1 refused"],
    ["X-Amz-Signature=deadbeef01 expired", "X-Amz-Signature=[redacted] expired"],
  ])("%s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("removes the deployment's own secrets wherever they appear, whatever their shape", () => {
    expect(redactSecrets("key 'my-azure-key-0001' is disabled (my-azure-key-0001)", ["my-azure-key-0001"])).toBe("key '[redacted]' is disabled ([redacted])");
  });

  it("keeps what the provider said otherwise", () => {
    const message = "The model `gpt-9` does not exist or you do not have access to it. (request id req_123)";
    expect(redactSecrets(message)).toBe(message);
  });
});

describe("secretsOf", () => {
  it("finds values held under secret names, nested ones too, and not names", () => {
    expect(secretsOf({ apiKey: "k1", apiBase: "https://x", credentialName: "prod", aws: { secretAccessKey: "s1", region: "eu" }, vertexCredentials: "{json}" }).sort()).toEqual(
      ["k1", "s1", "{json}"].sort(),
    );
  });
});
