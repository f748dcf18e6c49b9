/**
 * Whether a JSON object's text names a top-level key twice. `JSON.parse` keeps the last of them,
 * and an upstream may keep the first: forwarded verbatim, such a body could be read one way here
 * (access, affinity, `store`, pricing) and another upstream.
 */

const isJsonSpace = (char: string | undefined) => char === " " || char === "\t" || char === "\n" || char === "\r";

/** Where the string opened at `open` closes: the next quote not escaped by an odd run of backslashes. */
function stringEnd(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

const brackets = /[[\]{}]/g;

/** How much `text[from, to)` (no strings in it) deepens the nesting: one by one when short, natively when long (arrays of numbers). */
function depthChange(text: string, from: number, to: number): number {
  let change = 0;
  if (to - from < 64) {
    for (let index = from; index < to; index++) {
      const code = text.charCodeAt(index);
      if (code === 123 || code === 91)
        change++; // { [
      else if (code === 125 || code === 93) change--; // } ]
    }
    return change;
  }
  brackets.lastIndex = from;
  for (let match = brackets.exec(text); match !== null && match.index < to; match = brackets.exec(text)) change += match[0] === "{" || match[0] === "[" ? 1 : -1;
  return change;
}

/**
 * A walk from string to string: `indexOf` finds each quote (a prompt is skipped natively), and
 * only the few characters between two strings (`":"`, `},{"`) are looked at one by one, for
 * brackets. A string at depth 1 that a colon follows is a top-level key. Measured in
 * bench/duplicate-keys.bench.ts at a fraction of JSON.parse on the same text.
 */
export function hasDuplicateTopLevelKey(text: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  let at = 0;
  for (;;) {
    const open = text.indexOf('"', at);
    const stop = open === -1 ? text.length : open;
    depth += depthChange(text, at, stop);
    if (open === -1) return false;
    const close = stringEnd(text, open);
    if (depth === 1) {
      let after = close + 1;
      while (isJsonSpace(text[after])) after++;
      if (text[after] === ":") {
        const raw = text.slice(open + 1, close);
        // Escapes (`\/`, `\u0065`) spell one key several ways: compare what they mean.
        const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (seen.has(key)) return true;
        seen.add(key);
      }
    }
    at = close + 1;
  }
}
