import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { callRequest, clientSecretRequest, hangupRequest, sidebandTarget } from "./realtime-endpoints";
import { realtimeUsage } from "./sideband-meter";

const openai = testDeployment("o", { provider: "openai", providerPrefix: "openai", apiBase: "https://api.openai.com/v1", apiKey: "sk-real", upstreamModel: "gpt-realtime" });
const azure = (apiVersion?: string) =>
  testDeployment("a", { provider: "azure", providerPrefix: "azure", apiBase: "https://res.openai.azure.com/", apiKey: "az-key", upstreamModel: "my-rt", apiVersion });

describe("realtime endpoints", () => {
  it("OpenAI: bearer key, session.model is the upstream name, sideband over wss", () => {
    const secret = clientSecretRequest(openai, { expires_after: { seconds: 60 } }, { type: "realtime", model: "group" });
    expect(secret.url).toBe("https://api.openai.com/v1/realtime/client_secrets");
    expect(secret.headers.authorization).toBe("Bearer sk-real");
    expect(JSON.parse(secret.body!)).toEqual({ expires_after: { seconds: 60 }, session: { type: "realtime", model: "gpt-realtime" } });
    expect(callRequest(openai, "ek_1", "application/sdp", "v=0").headers).toEqual({ authorization: "Bearer ek_1", "content-type": "application/sdp" });
    expect(hangupRequest(openai, "rtc_1").url).toBe("https://api.openai.com/v1/realtime/calls/rtc_1/hangup");
    expect(sidebandTarget(openai, "rtc_1")).toEqual({ url: "wss://api.openai.com/v1/realtime?call_id=rtc_1", headers: { authorization: "Bearer sk-real" } });
  });

  it("Azure: GA paths without api-version unless a dated preview is configured", () => {
    for (const version of [undefined, "preview", "latest", "v1"]) {
      expect(clientSecretRequest(azure(version), {}, {}).url).toBe("https://res.openai.azure.com/openai/v1/realtime/client_secrets");
      expect(callRequest(azure(version), "ek", "application/sdp", "").url).toBe("https://res.openai.azure.com/openai/v1/realtime/calls");
    }
    const preview = azure("2025-04-01-preview");
    const secret = clientSecretRequest(preview, {}, { type: "realtime", voice: "alloy" });
    expect(secret.url).toBe("https://res.openai.azure.com/openai/realtimeapi/sessions?api-version=2025-04-01-preview");
    expect(secret.headers["api-key"]).toBe("az-key");
    expect(JSON.parse(secret.body!)).toEqual({ type: "realtime", voice: "alloy", model: "my-rt" });
    expect(callRequest(preview, "ek", "application/sdp", "").url).toBe("https://res.openai.azure.com/openai/realtime/calls?api-version=2025-04-01-preview");
    expect(sidebandTarget(preview, "rtc_9").url).toBe("wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&call_id=rtc_9");
  });

  it("reads realtime usage (input_token_details, singular)", () => {
    expect(realtimeUsage({ input_tokens: 10, output_tokens: 6, input_token_details: { audio_tokens: 7, cached_tokens: 2 }, output_token_details: { audio_tokens: 5 } })).toEqual({
      promptTokens: 10,
      completionTokens: 6,
      cachedTokens: 2,
      cacheCreationTokens: 0,
      reasoningTokens: 0,
      audioPromptTokens: 7,
      audioCompletionTokens: 5,
    });
    expect(realtimeUsage(undefined)).toBeUndefined();
  });
});
