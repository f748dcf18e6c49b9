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
