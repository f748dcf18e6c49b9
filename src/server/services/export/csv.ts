/**
 * One CSV cell (RFC 4180 quoting). A text cell that a spreadsheet would run as a formula (`=`,
 * `+`, `-`, `@`, tab, CR) is prefixed with `'`: cells hold what clients sent (models, tags, errors).
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: ReadonlyArray<string | number | boolean | null | undefined>) => `${cells.map(csvCell).join(",")}\r\n`;

/** A CSV body produced page by page as the client reads it, so an export never holds the whole result. */
export function csvStream(header: readonly string[], pages: () => AsyncGenerator<ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncGenerator<ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(header)));
    },
    async pull(controller) {
      iterator ??= pages();
      const { value, done } = await iterator.next();
      if (done) return controller.close();
      controller.enqueue(encoder.encode(value.map(csvLine).join("")));
    },
    async cancel() {
      await iterator?.return(undefined);
    },
  });
}
