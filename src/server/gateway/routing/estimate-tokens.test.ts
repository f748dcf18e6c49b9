import { describe, expect, it } from "vitest";
import { estimateTokensCheaply } from "./estimate-tokens";

describe("estimateTokensCheaply", () => {
  it("counts text at about four characters a token", () => {
    expect(estimateTokensCheaply({ model: "gpt-4o-a-long-name", messages: [{ role: "user", content: "x".repeat(400) }] })).toBe(101);
  });

  it("counts an inline image as one image, not its base64 text", () => {
    const image = `data:image/png;base64,${"A".repeat(4_000_000)}`;
    const body = { model: "gpt-4o", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: image } }] }] };
    expect(estimateTokensCheaply(body)).toBeLessThan(1_000);
  });
});
