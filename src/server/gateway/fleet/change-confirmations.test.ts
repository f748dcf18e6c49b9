import { describe, expect, it } from "vitest";
import type { Delivery } from "../../redis/change-bus";
import { ChangeConfirmations, confirmationHeaders } from "./change-confirmations";

const later = (delivery: Delivery, ms = 10) => new Promise<Delivery>((resolve) => setTimeout(() => resolve(delivery), ms));

describe("ChangeConfirmations", () => {
  it("waits for every change published inside the tracked call, however deep, and merges who did not confirm", async () => {
    const confirmations = new ChangeConfirmations();
    let settled = false;
    const { value, confirmations: result } = await confirmations.track(async () => {
      confirmations.note(later({ expected: ["b", "c"], unconfirmed: ["c"] }, 30).finally(() => (settled = true)));
      await new Promise((resolve) => setTimeout(resolve, 1));
      confirmations.note(later({ expected: ["b"], unconfirmed: [] }));
      return "answer";
    });
    expect(settled).toBe(true);
    expect(value).toBe("answer");
    expect(result).toEqual({ expected: ["b", "c"], unconfirmed: ["c"] });
  });

  it("ignores changes published outside a tracked call, and after it answered", async () => {
    const confirmations = new ChangeConfirmations();
    confirmations.note(later({ expected: ["x"], unconfirmed: ["x"] }));
    let lateNote: (() => void) | undefined;
    const { confirmations: result } = await confirmations.track(async () => {
      lateNote = () => confirmations.note(new Promise(() => undefined));
      setTimeout(() => lateNote?.(), 5);
    });
    expect(result).toEqual({ expected: [], unconfirmed: [] });
    // A timer started inside the call notes into a closed store: nothing waits, nothing is kept.
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it("says how far a change got in headers, and nothing when nobody was expected", () => {
    expect(confirmationHeaders({ expected: [], unconfirmed: [] })).toEqual({});
    expect(confirmationHeaders({ expected: ["a", "b"], unconfirmed: [] })).toEqual({ "x-switchyard-change-confirmed": "2/2" });
    expect(confirmationHeaders({ expected: ["a", "b"], unconfirmed: ["b"] })).toEqual({ "x-switchyard-change-confirmed": "1/2", "x-switchyard-unconfirmed-instances": "b" });
  });
});
