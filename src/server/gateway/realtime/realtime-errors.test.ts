import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { testDeployment } from "../testing/builders";
import { realtimeUpstreamError } from "./realtime-errors";

const answer = (status: number, body: unknown) => ({ status, headers: {}, body: Readable.from([JSON.stringify(body)]) });
const versionComplaint = { error: { message: "api-version query parameter is not allowed when using /v1 path", type: "invalid_request_error", code: "unsupported_api_version" } };

describe("realtimeUpstreamError", () => {
  it("adds a hint naming api_version and AZURE_API_VERSION to Azure's api-version complaints", async () => {
    const error = await realtimeUpstreamError(testDeployment("a", { provider: "azure", providerPrefix: "azure" }), answer(400, versionComplaint));
    expect(error.status).toBe(400);
    expect(error.body.error.message).toContain("api-version query parameter is not allowed");
    expect(error.body.error.message).toContain("litellm_params.api_version");
    expect(error.body.error.message).toContain("AZURE_API_VERSION");
  });

  it("leaves other errors, and other providers, as they were", async () => {
    const openai = await realtimeUpstreamError(testDeployment("o", { provider: "openai" }), answer(400, versionComplaint));
    expect(openai.body.error.message).not.toContain("AZURE_API_VERSION");
    const other = await realtimeUpstreamError(testDeployment("a", { provider: "azure" }), answer(401, { error: { message: "bad key" } }));
    expect(other.body.error.message).toBe("bad key");
    expect(other.status).toBe(401);
  });
});
