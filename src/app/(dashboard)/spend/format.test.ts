import { describe, expect, it } from "vitest";
import { money, perMillionTokens } from "./format";

const parse = (text: string) => Number(text.replace(/[$,]/g, ""));

describe("money", () => {
  it("keeps enough significant digits at every size", () => {
    expect(money(0.014676)).toBe("$0.01468");
    expect(money(0.0000123456)).toBe("$0.00001235");
    expect(money(1.5)).toBe("$1.50");
    expect(money(12.3456)).toBe("$12.35");
    expect(money(1234.567)).toBe("$1,234.57");
    expect(money(0)).toBe("$0.00");
    expect(money(-0.0042)).toBe("-$0.0042");
  });

  it("writes chart ticks as the values they are (no $0.01 for 0.012, no $0.02 for 0.016)", () => {
    const ticks = [0, 0.004, 0.008, 0.012, 0.016, 0.25, 0.5, 1.25, 40, 125];
    for (const tick of ticks) expect(parse(money(tick))).toBeCloseTo(tick, 10);
    expect(ticks.map(money)).toEqual(["$0.00", "$0.004", "$0.008", "$0.012", "$0.016", "$0.25", "$0.50", "$1.25", "$40.00", "$125.00"]);
  });

  it("prices per token read per million tokens", () => {
    expect(perMillionTokens(2.2e-7)).toBe("$0.22 / 1M tokens");
    expect(perMillionTokens(0.000003)).toBe("$3.00 / 1M tokens");
  });
});
