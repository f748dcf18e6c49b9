import fc from "fast-check";

/**
 * Generators of hostile input for the fuzz tests. Bodies are built as JSON *text*, not objects:
 * that way they can be deeper, larger or more broken than this process could stringify, and
 * carry lone surrogates and duplicate keys exactly as written.
 */

/** The same seed every run unless FUZZ_SEED says otherwise; printed with every failure. */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 9_2026);

/** Shrinking a failure to its smallest input is worth a while, not forever. */
export function fuzzRuns(numRuns: number): fc.Parameters<unknown> {
  return { seed: fuzzSeed, numRuns, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: true };
}

const oddities = [
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "\u0000",
  "\u202e", // right-to-left override
  "\u200f", // right-to-left mark
  "\ufeff", // byte-order mark
  "\u2028",
  "\u2029",
  "\u200d",
  "e\u0301",
  "\uffff",
  "\ufffd",
  "\u{1f600}",
  "\u001b[31m",
  "\r\n",
  "\t",
  "\\",
  '"',
  "/",
  "%",
  "%00",
  "%ZZ",
  "..",
  "*",
  "${x}",
  "<script>",
  "' OR 1=1 --",
  "sk-",
];

/** One "character" of a hostile string: an oddity, any code point, or plain ASCII. */
const oddUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...oddities) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
);

export const oddString = fc.string({ unit: oddUnit, maxLength: 24 });

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  fc.constantFrom("1e400", "-1e400", "1e-400", "-0", "12345678901234567890123", "9007199254740993", "0.5", "1E2"),
);

const leafText = fc.oneof(
  fc.constantFrom("null", "true", "false", '""', "{}", "[]"),
  numberText,
  oddString.map((text) => JSON.stringify(text)),
);

const keyText = fc.oneof(oddString, fc.constantFrom("__proto__", "constructor", "toString", "model", "", "id", "type"));

/** Any JSON value, small and shallow, with hostile strings and numbers. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: "small", maxDepth: 4 }, leafText, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
  object: fc.array(fc.tuple(keyText, tie("value")), { maxLength: 4 }).map((entries) => objectText(entries)),
})).value;

export function objectText(entries: Array<[string, string]>): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;
}

/** Strings from 10 kB to ~1.8 MB: some over the 1 MiB body limit the fuzz gateway uses. */
export const hugeStringText = fc
  .tuple(fc.constantFrom("a", "\u0000", "\ud800", "\u00e9", "\u{1f600}", "\\", '"'), fc.integer({ min: 10_000, max: 300_000 }))
  .map(([unit, count]) => JSON.stringify(unit.repeat(count)));

/** Arrays of up to 60,000 items; `{"id": ...}` items are what Responses affinity looks up. */
export const hugeArrayText = fc.tuple(fc.constantFrom("0", "null", '"x"', "{}", "[]", "item", "encrypted"), fc.integer({ min: 1_000, max: 60_000 })).map(([item, count]) => {
  const items = Array.from({ length: count }, (_, index) => (item === "item" ? `{"id":"i${index}"}` : item === "encrypted" ? `{"type":"reasoning","encrypted_content":"e${index}"}` : item));
  return `[${items.join(",")}]`;
});

/** Arrays or objects nested 50 to 100,000 deep (JSON.parse copes; recursive code may not). */
export const deepText = fc
  .tuple(fc.boolean(), fc.integer({ min: 50, max: 100_000 }))
  .map(([arrays, depth]) => (arrays ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth)));

/** A JSON value for a field: usually small and odd, sometimes huge or deep. */
export const fieldValueText = fc.oneof(
  { weight: 12, arbitrary: jsonText },
  { weight: 1, arbitrary: hugeStringText },
  { weight: 1, arbitrary: hugeArrayText },
  { weight: 1, arbitrary: deepText },
);

/** Text that is not JSON, or not the JSON object a route wants. */
export const malformedJsonText = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\n",
    "null",
    "[]",
    "[1,2]",
    '""',
    "0",
    "true",
    "{}{}",
    "{",
    "}",
    '{"model":',
    "{'model':'gpt-4o'}",
    '{"a":1,}',
    "{/*c*/}",
    "NaN",
    '{"model":Infinity}',
    "\ufeff{}",
    "\u0000",
  ),
  fc.tuple(jsonText, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
  fc.tuple(jsonText, oddString).map(([text, junk]) => text + junk),
  fc.string({ unit: oddUnit, maxLength: 60 }),
);

const overlong = [
  [0xc0, 0xaf], // overlong "/"
  [0xe0, 0x80, 0xaf],
  [0xf0, 0x80, 0x80, 0xaf],
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
  [0xff],
  [0xfe],
  [0x80],
  [0xe2, 0x82], // truncated sequence
  [0x00],
];

/** How a body's text becomes bytes: UTF-8, with a BOM, as UTF-16, or with invalid UTF-8 spliced in. */
export const encodingArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: "utf8" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "utf16" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("splice" as const), at: fc.nat(), bytes: fc.constantFrom(...overlong) }) },
);

export type Encoding = typeof encodingArb extends fc.Arbitrary<infer T> ? T : never;

export function encode(text: string, encoding: Encoding): Buffer {
  if (encoding.kind === "bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
  if (encoding.kind === "utf16") return Buffer.from(text, "utf16le");
  const bytes = Buffer.from(text, "utf8");
  if (encoding.kind === "utf8") return bytes;
  const at = encoding.at % (bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(encoding.bytes), bytes.subarray(at)]);
}

export const contentTypeArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant("application/json") },
  {
    weight: 5,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/vnd.api+json",
      "application/json; charset=utf-16",
      "text/plain",
      "text/html",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz",
      "application/sdp",
      "application/octet-stream",
      "",
      ";",
      "application/json;;;",
      "*/*",
      "json",
      "application/json, text/plain",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 30 }).map((text) => text.trim()) },
);

/** A path segment: percent-encoded odd text, broken escapes, or something very long. */
export const pathSegmentArb = fc.oneof(
  { weight: 4, arbitrary: oddString.map(percentEncode) },
  { weight: 2, arbitrary: fc.constantFrom("%", "%E0%A4%A", "%ZZ", "%C0%AF", "%ED%A0%80", "%00", "%2F", "%252F", "..", ".", "resp_fake123", "sk-abc%FF") },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 6_000 }).map((length) => "x".repeat(length)) },
);

/** Every byte but the unreserved ones as %XX: never throws, whatever the string holds. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, "0").toUpperCase()}`))
    .join("");
}

/** A query string with odd names and values, broken escapes and repeated names. */
export const queryArb = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("key", "team_id", "api_key", "request_id", "start_date", "end_date", "limit", "unpriced", "hours", "stream", "after", "include"),
        oddString.map(percentEncode),
      ),
      fc.oneof(
        oddString.map(percentEncode),
        fc.constantFrom("%", "%ZZ", "%ED%A0%80", "-1", "0", "1.5", "1e9", "NaN", "true", "2024-13-45", "99999-01-01", "+275760-09-13T00:00:00.001Z", "2024-05-01"),
        fc.integer({ min: 1_000, max: 6_000 }).map((length) => "9".repeat(length)),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length === 0 ? "" : `?${pairs.map(([name, value]) => `${name}=${value}`).join("&")}`));
