import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptedFingerprint, hasRefs, refsOfItems, refsOfRequest } from "./refs";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("encryptedFingerprint", () => {
  it("is enc: followed by the sha256 hex of the blob", () => {
    expect(encryptedFingerprint("gAAAAB-blob")).toBe(`enc:${sha256("gAAAAB-blob")}`);
    expect(encryptedFingerprint("gAAAAB-blob")).toMatch(/^enc:[0-9a-f]{64}$/);
  });

  it("is stable for the same blob and distinct for different ones", () => {
    expect(encryptedFingerprint("blob-1")).toBe(encryptedFingerprint("blob-1"));
    expect(encryptedFingerprint("blob-1")).not.toBe(encryptedFingerprint("blob-2"));
    expect(encryptedFingerprint("blob-1")).not.toBe(encryptedFingerprint("blob-1 "));
  });

  it("never contains the blob itself", () => {
    expect(encryptedFingerprint("secret-reasoning")).not.toContain("secret-reasoning");
  });
});

describe("refsOfRequest", () => {
  it("finds nothing in a string input", () => {
    const refs = refsOfRequest({ model: "gpt-4o", input: "Hello rs_1 msg_2" });
    expect(refs).toEqual({ itemIds: [], fingerprints: [] });
    expect(hasRefs(refs)).toBe(false);
  });

  it("finds nothing without input", () => {
    expect(refsOfRequest({ model: "gpt-4o" })).toEqual({ itemIds: [], fingerprints: [] });
  });

  it("collects the id of every item, in order", () => {
    const refs = refsOfRequest({
      input: [
        { type: "message", id: "msg_1", role: "assistant", content: [{ type: "output_text", text: "Hi" }] },
        { type: "function_call", id: "fc_2", call_id: "call_2", name: "lookup", arguments: "{}" },
        { type: "function_call_output", call_id: "call_2", output: "42" },
        { type: "item_reference", id: "msg_3" },
      ],
    });
    expect(refs.itemIds).toEqual(["msg_1", "fc_2", "msg_3"]);
    expect(refs.fingerprints).toEqual([]);
    expect(refs.previousResponseId).toBeUndefined();
  });

  it("fingerprints reasoning items' encrypted_content, with or without an id", () => {
    const refs = refsOfRequest({
      input: [
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "blob-one" },
        { type: "reasoning", summary: [], encrypted_content: "blob-two" },
      ],
    });
    expect(refs.itemIds).toEqual(["rs_1"]);
    expect(refs.fingerprints).toEqual([encryptedFingerprint("blob-one"), encryptedFingerprint("blob-two")]);
    expect(refs.fingerprints.join()).not.toContain("blob-");
  });

  it("ignores an empty encrypted_content, an empty id and non-string values", () => {
    const refs = refsOfRequest({
      input: [
        { type: "reasoning", id: "", summary: [], encrypted_content: "" },
        { type: "reasoning", id: 7, encrypted_content: null },
        { type: "reasoning", id: { nested: "rs_x" }, encrypted_content: ["blob"] },
      ],
    });
    expect(refs).toEqual({ itemIds: [], fingerprints: [] });
  });

  it("tolerates odd shapes: null, numbers, strings, nested arrays and items without id", () => {
    const body = { input: [null, 42, "text", true, [{ id: "msg_nested" }], { type: "message", role: "user", content: "Hi" }, { id: "msg_ok" }] };
    expect(() => refsOfRequest(body)).not.toThrow();
    expect(refsOfRequest(body)).toEqual({ itemIds: ["msg_ok"], fingerprints: [] });
  });

  it("tolerates an input that is an object, a number or null", () => {
    for (const input of [{ id: "msg_1" }, 3, null]) expect(refsOfRequest({ input })).toEqual({ itemIds: [], fingerprints: [] });
  });

  it("takes a non-empty string previous_response_id, alone or with items", () => {
    expect(refsOfRequest({ input: "Go on", previous_response_id: "resp_1" })).toEqual({ previousResponseId: "resp_1", itemIds: [], fingerprints: [] });
    const refs = refsOfRequest({ previous_response_id: "resp_2", input: [{ id: "msg_1" }] });
    expect(refs).toEqual({ previousResponseId: "resp_2", itemIds: ["msg_1"], fingerprints: [] });
  });

  it("ignores an empty or non-string previous_response_id", () => {
    for (const previous_response_id of ["", null, 12, { id: "resp_1" }]) {
      const refs = refsOfRequest({ input: "Hi", previous_response_id });
      expect(refs.previousResponseId).toBeUndefined();
      expect(hasRefs(refs)).toBe(false);
    }
  });
});

describe("refsOfItems", () => {
  it("appends to the refs it is given", () => {
    const into = { itemIds: ["msg_0"], fingerprints: [] };
    expect(refsOfItems([{ id: "msg_1" }], into)).toBe(into);
    expect(into.itemIds).toEqual(["msg_0", "msg_1"]);
  });
});

describe("hasRefs", () => {
  it("is true for any one kind of reference and false for none", () => {
    expect(hasRefs({ itemIds: [], fingerprints: [] })).toBe(false);
    expect(hasRefs({ previousResponseId: "resp_1", itemIds: [], fingerprints: [] })).toBe(true);
    expect(hasRefs({ itemIds: ["msg_1"], fingerprints: [] })).toBe(true);
    expect(hasRefs({ itemIds: [], fingerprints: [encryptedFingerprint("x")] })).toBe(true);
  });
});
