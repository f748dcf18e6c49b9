import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import { ephemeralSecretOf } from "./ephemeral-secret";

const now = Date.UTC(2026, 11, 7, 12);
const inAMinute = now / 1000 + 60;

function refusal(answer: Record<string, unknown>): GatewayError {
  try {
    ephemeralSecretOf(answer, now);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("ephemeralSecretOf", () => {
  it("reads the GA shape", () => {
    expect(ephemeralSecretOf({ value: "ek_ga", expires_at: inAMinute, session: {} }, now)).toEqual({ ephemeralKey: "ek_ga", expiresAt: inAMinute });
  });

  it("takes the preview shape's client_secret expiry over a top-level expires_at of 0", () => {
    const azurePreview = { id: "sess_1", object: "realtime.session", expires_at: 0, client_secret: { value: "ek_preview", expires_at: inAMinute } };
    expect(ephemeralSecretOf(azurePreview, now)).toEqual({ ephemeralKey: "ek_preview", expiresAt: inAMinute });
  });

  it("treats 0 as no expiry at all, and refuses an answer without one", () => {
    expect(refusal({ value: "ek", expires_at: 0 }).message).toContain("no value or no expiry");
    expect(refusal({ client_secret: { value: "ek" } }).message).toContain("no value or no expiry");
    expect(refusal({ expires_at: inAMinute }).message).toContain("no value or no expiry");
  });

  it("never mints from a secret that has already expired", () => {
    const error = refusal({ value: "ek", expires_at: now / 1000 - 1 });
    expect(error).toMatchObject({ code: "upstream_unreachable", status: 502 });
    expect(error.message).toContain("already expired");
  });
});
