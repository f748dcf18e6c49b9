const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const cents = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumSignificantDigits: 3 });

/** Dollars; amounts under a cent keep three significant digits, so a cheap request never reads as $0.00. */
export function money(value: number): string {
  return value !== 0 && Math.abs(value) < 0.01 ? cents.format(value) : dollars.format(value);
}

export const count = (value: number) => value.toLocaleString("en-US");
