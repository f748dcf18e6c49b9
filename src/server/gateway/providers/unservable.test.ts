import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { unservableProvider } from "./unservable";
import { UpstreamError } from "./upstream-error";

describe("a deployment that cannot be served", () => {
  it("answers 501 in OpenAI's shape, saying why, not retried elsewhere", () => {
    const deployment = testDeployment("tts", { provider: "unservable", providerPrefix: "aws_polly", upstreamModel: "neural", modelGroup: "speech" });
    let thrown: unknown;
    try {
      unservableProvider.buildRequest("chat", deployment, { model: "speech" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UpstreamError);
    const error = thrown as UpstreamError;
    expect(error.status).toBe(501);
    expect(error.isRetryable).toBe(false);
    expect(error.body.error).toEqual({
      message: expect.stringContaining('Model group "speech" cannot be served by this deployment (aws_polly/neural): Amazon Polly is text-to-speech'),
      type: "invalid_request_error",
      param: null,
      code: "provider_not_supported",
    });
  });
});
