const significantDigits = 4;
const maxFractionDigits = 10;

/**
 * Dollars with enough digits to tell amounts apart at every size: four significant digits below
 * $100 (so $0.014676 reads $0.01468, not $0.01), cents above; never fewer than two decimals.
 * Trailing zeros past the cents go, so a chart tick of 0.012 reads $0.012, exactly what it is.
 */
export function money(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const size = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const fractionDigits = Math.min(maxFractionDigits, Math.max(2, significantDigits - 1 - size));
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: fractionDigits }).format(value);
}

/** A price per token as people compare them: dollars per million tokens. */
export const perMillionTokens = (perToken: number) => `${money(perToken * 1_000_000)} / 1M tokens`;

export const count = (value: number) => value.toLocaleString("en-US");
