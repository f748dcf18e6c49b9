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

const structural = /[{}[\]"]/g;

/**
 * The exact walk: jumps from one bracket or quote to the next (strings, prompts included, are
 * skipped by `indexOf`), and collects the strings at depth 1 that a colon follows.
 */
function walkForDuplicates(text: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  structural.lastIndex = 0;
  for (let match = structural.exec(text); match !== null; match = structural.exec(text)) {
    const at = match.index;
    const char = text[at];
    if (char === '"') {
      const end = stringEnd(text, at);
      if (depth === 1) {
        let after = end + 1;
        while (isJsonSpace(text[after])) after++;
        if (text[after] === ":") {
          const raw = text.slice(at + 1, end);
          // Escapes (`\/`, `\u0065`) spell one key several ways: compare what they mean.
          const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
          if (seen.has(key)) return true;
          seen.add(key);
        }
      }
      structural.lastIndex = end + 1;
    } else if (char === "{" || char === "[") depth++;
    else depth--;
  }
  return false;
}

/** A key spelled only one way in JSON: no character that may or must be escaped. */
const plainKey = /^[^"\\/\u0000-\u001f]*$/;

/**
 * `text` is what `body` was parsed from. The common case costs one `indexOf` per top-level key:
 * a key whose quoted name occurs once in a text without `\u` escapes cannot be there twice. Names
 * that also occur nested, or as values, get the exact walk.
 */
export function hasDuplicateTopLevelKey(text: string, body: object): boolean {
  if (text.includes("\\u")) return walkForDuplicates(text);
  for (const key in body) {
    if (!plainKey.test(key)) return walkForDuplicates(text);
    const quoted = `"${key}"`;
    const first = text.indexOf(quoted);
    if (text.indexOf(quoted, first + quoted.length) !== -1) return walkForDuplicates(text);
  }
  return false;
}
