import { prebuiltPatterns } from "./prebuilt-patterns";

export type FilterAction = "BLOCK" | "MASK";

/** One compiled rule of LiteLLM's content filter: a prebuilt pattern, a regex, or a keyword. */
export interface FilterRule {
  /** For messages: `email`, `regex /…/`, `keyword "…"`. */
  label: string;
  regex: RegExp;
  action: FilterAction;
  mask: string;
  confirm?: (match: string) => boolean;
}

export type FilterOutcome = { kind: "pass"; text: string } | { kind: "blocked"; rule: FilterRule };

/** Applies rules to one text: the first BLOCK match refuses it; MASK matches are replaced. */
export function filterText(text: string, rules: readonly FilterRule[]): FilterOutcome {
  let out = text;
  for (const rule of rules) {
    rule.regex.lastIndex = 0;
    if (rule.action === "BLOCK") {
      for (const match of out.matchAll(rule.regex)) if (!rule.confirm || rule.confirm(match[0])) return { kind: "blocked", rule };
      continue;
    }
    out = out.replace(rule.regex, (match) => (rule.confirm && !rule.confirm(match) ? match : rule.mask));
  }
  return { kind: "pass", text: out };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function prebuiltRule(name: string, action: FilterAction): FilterRule | undefined {
  const pattern = prebuiltPatterns[name];
  if (!pattern) return undefined;
  return { label: name, regex: new RegExp(pattern.regex.source, pattern.regex.flags), action, mask: pattern.mask, confirm: pattern.confirm };
}

export function regexRule(name: string, source: string, action: FilterAction): FilterRule {
  return { label: name, regex: new RegExp(source, "gi"), action, mask: `[${name.toUpperCase().replace(/\W+/g, "_")}_REDACTED]` };
}

/** A keyword matches as a whole word (or phrase), case-insensitively. */
export function keywordRule(keyword: string, action: FilterAction): FilterRule {
  return { label: `keyword "${keyword}"`, regex: new RegExp(`(?<![\\w])${escapeRegex(keyword)}(?![\\w])`, "gi"), action, mask: "[KEYWORD_REDACTED]" };
}
