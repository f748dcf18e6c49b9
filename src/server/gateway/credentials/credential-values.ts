import { z } from "zod";

/** What a credential holds: `api_key`, `api_base`, `api_version`, `organization`, or more (kept, unused). */
export type CredentialValues = Record<string, string>;

/**
 * Names go into URL paths (`/credentials/{name}`) and config files: no slash, no control
 * characters, no white space at either end.
 */
export const credentialNameSchema = z
  .string()
  .min(1)
  .max(128)
  .refine((name) => name === name.trim(), "must not start or end with white space")
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((name) => !/[/\u0000-\u001f\u007f]/.test(name), "must not contain '/' or control characters");

// Trust boundary: values are checked here, before they are sealed; api_base must be a URL we can call.
export const credentialValuesSchema = z
  .record(z.string().min(1).max(64), z.string().min(1).max(16_384))
  .refine((values) => Object.keys(values).length <= 32, "at most 32 values")
  .superRefine((values, context) => {
    const base = values.api_base;
    if (base !== undefined && !z.url({ protocol: /^https?$/ }).safeParse(base).success) {
      context.addIssue({ code: "custom", path: ["api_base"], message: "must be an http(s) URL" });
    }
  });

export const credentialInfoSchema = z.record(z.string().max(64), z.unknown());

/**
 * The most a caller ever sees of a value: `sk-...abcd` for long values, `****` for short ones,
 * where a few visible characters would give away too much of the whole.
 */
export function hintOf(value: string): string {
  return value.length >= 16 ? `${value.slice(0, 3)}...${value.slice(-4)}` : "****";
}

export function hintsOf(values: CredentialValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, hintOf(value)]));
}
