import { expect } from "vitest";
import { GatewayError } from "../../errors";
import type { Principal } from "../../keys/principal";
import type { RequestLimits } from "../request-limits";

// Test helpers shared by the limiter tests: an admission as a boolean or as its refusal.

export async function admitted(limits: RequestLimits, principal: Principal, now: number): Promise<boolean> {
  try {
    await limits.admit(principal, now);
    return true;
  } catch (error) {
    if (error instanceof GatewayError && error.status === 429) return false;
    throw error;
  }
}

export async function refusal(admission: Promise<void>): Promise<GatewayError> {
  try {
    await admission;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected the request to be refused");
}

/** How many of `count` admissions started together were let through. */
export async function admittedCount(count: number, admit: (index: number) => Promise<boolean>): Promise<number> {
  const outcomes = await Promise.all(Array.from({ length: count }, (_, index) => admit(index)));
  return outcomes.filter(Boolean).length;
}

/**
 * The rpm contract every limiter keeps, for a principal allowed 5 requests a minute: no burst
 * across a minute boundary, a Retry-After that says when, and room again exactly a minute later.
 */
export async function expectSlidingMinute(limits: RequestLimits, principal: Principal): Promise<void> {
  for (let i = 0; i < 5; i++) await limits.admit(principal, 59_000);
  const error = await refusal(limits.admit(principal, 61_000));
  expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", headers: { "retry-after": "58" } });
  expect(error.message).toContain("this key allows 5 requests per minute");
  expect(await admitted(limits, principal, 118_999)).toBe(false);
  expect(await admitted(limits, principal, 119_001)).toBe(true);
}
