import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./sign-in-throttle";

const minute = 60_000;
const limits = { email: { maxFailures: 5, windowMs: 15 * minute }, address: { maxFailures: 8, windowMs: 15 * minute } };

/** Attempts that each fail (admitted, then never `succeeded`). */
function fail(throttle: SignInThrottle, times: number, attempt: { email: string; address?: string }, now: number) {
  for (let i = 0; i < times; i++) expect(throttle.admit(attempt, now).allowed).toBe(true);
}

describe("SignInThrottle", () => {
  it("locks an email after five failures until the window has passed", () => {
    const throttle = new SignInThrottle(limits);
    const alice = { email: "alice@example.com" };
    fail(throttle, 5, alice, 0);
    expect(throttle.admit(alice, 1 * minute)).toEqual({ allowed: false, retryAfterMs: 14 * minute });
    expect(throttle.admit({ email: " ALICE@example.com " }, 1 * minute).allowed).toBe(false);
    expect(throttle.admit(alice, 15 * minute - 1).allowed).toBe(false);
    expect(throttle.admit(alice, 15 * minute).allowed).toBe(true);
  });

  it("counts only failures inside the window", () => {
    const throttle = new SignInThrottle(limits);
    const bob = { email: "bob@example.com" };
    fail(throttle, 4, bob, 0);
    fail(throttle, 4, bob, 15 * minute);
    expect(throttle.admit(bob, 16 * minute).allowed).toBe(true);
    expect(throttle.admit(bob, 16 * minute).allowed).toBe(false);
  });

  it("does not count refused attempts, so the lock is not extended by trying again", () => {
    const throttle = new SignInThrottle(limits);
    const carol = { email: "carol@example.com" };
    fail(throttle, 5, carol, 0);
    for (let at = 1; at < 15; at++) expect(throttle.admit(carol, at * minute).allowed).toBe(false);
    expect(throttle.admit(carol, 15 * minute).allowed).toBe(true);
  });

  it("forgets an email's failures after a right password", () => {
    const throttle = new SignInThrottle(limits);
    const dave = { email: "dave@example.com" };
    fail(throttle, 4, dave, 0);
    expect(throttle.admit(dave, 1).allowed).toBe(true);
    throttle.succeeded(dave, 1);
    fail(throttle, 4, dave, 2);
    expect(throttle.admit(dave, 3).allowed).toBe(true);
  });

  it("keeps other emails open while one is locked", () => {
    const throttle = new SignInThrottle(limits);
    fail(throttle, 5, { email: "erin@example.com" }, 0);
    expect(throttle.admit({ email: "frank@example.com" }, 0).allowed).toBe(true);
  });

  it("locks an address spraying many emails, for every email, right ones included", () => {
    const throttle = new SignInThrottle(limits);
    for (let i = 0; i < 8; i++) fail(throttle, 1, { email: `user${i}@example.com`, address: "192.0.2.1" }, 0);
    const verdict = throttle.admit({ email: "victim@example.com", address: "192.0.2.1" }, minute);
    expect(verdict).toEqual({ allowed: false, retryAfterMs: 14 * minute });
    expect(throttle.admit({ email: "victim@example.com", address: "192.0.2.2" }, minute).allowed).toBe(true);
  });

  it("does not let a right password for one's own account reset the address's failures", () => {
    const throttle = new SignInThrottle(limits);
    const address = "192.0.2.1";
    for (let i = 0; i < 7; i++) fail(throttle, 1, { email: `user${i}@example.com`, address }, 0);
    const own = { email: "me@example.com", address };
    expect(throttle.admit(own, 0).allowed).toBe(true);
    throttle.succeeded(own, 0);
    fail(throttle, 1, { email: "user7@example.com", address }, 0);
    expect(throttle.admit({ email: "user8@example.com", address }, 0).allowed).toBe(false);
  });

  it("counts an attempt before its password is checked, so parallel guesses stop at the limit", () => {
    const throttle = new SignInThrottle(limits);
    const verdicts = Array.from({ length: 50 }, () => throttle.admit({ email: "grace@example.com" }, 0));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
  });
});
