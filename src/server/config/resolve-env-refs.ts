import { formatYamlPath } from "./config-error";

const prefix = "os.environ/";

/**
 * Replaces every `os.environ/NAME` string with the variable's value, as LiteLLM does.
 * Missing variables are collected (with their YAML path) rather than thrown one by one.
 * `skip(path)` leaves a key's value as written: Switchyard does not read it, so neither is its variable.
 */
export function resolveEnvRefs(
  node: unknown,
  lookup: (name: string) => string | undefined,
  missing: string[],
  path: PropertyKey[] = [],
  skip: (yamlPath: string) => boolean = () => false,
): unknown {
  if (typeof node === "string") {
    if (!node.startsWith(prefix)) return node;
    const name = node.slice(prefix.length);
    const value = lookup(name);
    if (value === undefined) missing.push(`${formatYamlPath(path)}: environment variable ${name} is not set`);
    return value;
  }
  if (Array.isArray(node)) return node.map((item, index) => resolveEnvRefs(item, lookup, missing, [...path, index], skip));
  // A date (YAML 1.1 reads an unquoted 2024-06-01 as one) stays a date, for the schema to name it.
  if (node !== null && typeof node === "object" && !(node instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      out[key] = skip(formatYamlPath(at)) ? value : resolveEnvRefs(value, lookup, missing, at, skip);
    }
    return out;
  }
  return node;
}
