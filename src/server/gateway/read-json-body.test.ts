import { describe, expect, it } from "vitest";
import { fromWebRequest } from "./adapters/web";
import { maxJsonDepth, readJsonBody } from "./read-json-body";

const read = (body: string) =>
  readJsonBody(fromWebRequest(new Request("http://gateway/v1/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body })), 1 << 20);
const nested = (depth: number) => `{"model":"m","x":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;

describe("readJsonBody", () => {
  it("takes a body nested exactly to the limit", async () => {
    await expect(read(nested(maxJsonDepth))).resolves.toMatchObject({ model: "m" });
  });

  // Found by the fuzz: 5,000 levels parsed, then overflowed JSON.stringify on the way upstream (a 500).
  it("refuses one level more, and thousands more, with a 400", async () => {
    for (const depth of [maxJsonDepth + 1, 20_000]) {
      await expect(read(nested(depth))).rejects.toMatchObject({ status: 400, code: "invalid_request" });
    }
  });
});
