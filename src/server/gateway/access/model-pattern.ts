/** A compiled allow-list pattern: the whole name must match, and only `*` is special. */
export interface ModelPattern {
  source: string;
  /** Characters outside the `*`s; more means more specific. */
  literalLength: number;
  /** The text the first `*` stood for, or undefined when the name does not match. */
  capture(name: string): string | undefined;
  /** The texts every `*` stood for, in order (each as long as it can be, as LiteLLM's regex matches), or undefined. */
  captures(name: string): string[] | undefined;
}

const cache = new Map<string, ModelPattern>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * `anthropic/*`, `openai/gpt-4o*`, `gpt-*-mini`, `*`: every character but `*` is literal (`.` and
 * `+` too), and the pattern is anchored at both ends, so `bedrock/*` never matches `bedrockz/x`
 * and `gpt-*-mini` never matches `gpt-4o-mini-tts`. Compiled once per distinct pattern.
 */
export function compileModelPattern(source: string): ModelPattern {
  let compiled = cache.get(source);
  if (compiled) return compiled;
  const regex = new RegExp(`^${source.split("*").map(escapeRegExp).join("(.*)")}$`, "s");
  compiled = {
    source,
    literalLength: source.replaceAll("*", "").length,
    capture(name) {
      const match = regex.exec(name);
      return match ? (match[1] ?? "") : undefined;
    },
    captures(name) {
      const match = regex.exec(name);
      return match ? match.slice(1) : undefined;
    },
  };
  if (cache.size > 10_000) cache.clear(); // patterns come from admins; this only bounds a pathological list
  cache.set(source, compiled);
  return compiled;
}

export function isPattern(entry: string): boolean {
  return entry.includes("*");
}
