import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { formatYamlPath } from "./config-error";

export interface ConfigYaml {
  /** The document as plain data; `undefined` for an empty file. */
  raw: unknown;
  /** Syntax errors: the file cannot be used. */
  errors: string[];
  /** Keys written twice in one mapping, by YAML path: the last value is used. */
  warnings: string[];
}

/**
 * config.yaml as LiteLLM reads it. LiteLLM parses with PyYAML, which speaks YAML 1.1: `20_000` is
 * a number, `on`/`yes` are true, and a key written twice in one mapping silently keeps its last
 * value. A file that works there must work here, so it is read the same way; the duplicate,
 * which is almost always a mistake, is named in a warning.
 */
export function readConfigYaml(text: string): ConfigYaml {
  const document = parseDocument(text, { version: "1.1", uniqueKeys: false, prettyErrors: true });
  if (document.errors.length > 0) {
    return { raw: undefined, errors: document.errors.map((error) => `YAML syntax: ${error.message.split("\n")[0]}`), warnings: [] };
  }
  const warnings: string[] = [];
  findDuplicateKeys(document.contents, [], warnings);
  return { raw: document.toJS() ?? undefined, errors: [], warnings };
}

function findDuplicateKeys(node: unknown, path: PropertyKey[], warnings: string[]): void {
  if (isSeq(node)) {
    node.items.forEach((item, index) => findDuplicateKeys(item, [...path, index], warnings));
    return;
  }
  if (!isMap(node)) return;
  const seen = new Set<string>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (seen.has(key)) warnings.push(`${formatYamlPath([...path, key])}: written twice in one mapping; the last value is used, as LiteLLM does`);
    seen.add(key);
    findDuplicateKeys(pair.value, [...path, key], warnings);
  }
}
