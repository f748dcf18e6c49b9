const mark = "[redacted]";

/** Values a provider's error text may echo that are secrets whatever the provider. */
const secretPatterns: RegExp[] = [
  // OpenAI, Anthropic, Switchyard's own and most "sk-" keys.
  /\bsk-[A-Za-z0-9_-]{6,}/g,
  // AWS access key ids, Google API keys, JWTs and OAuth access tokens.
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
  /\bya29\.[A-Za-z0-9_-]+/g,
];

/** `Bearer x`, `api-key: x`, `"api_key": "x"`, `password=x`: the value after a secret's name. */
const namedSecret =
  /\b(bearer|basic)(\s+)[^\s"',;]+|\b((?:x-)?api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret|secret|password|token|signature|sig)("?\s*[:=]\s*"?)([^\s"',;&}]+)/gi;

/** User and password in a URL, and the values of query parameters that sign or authorise it (SAS, presigned S3 and GCS, ...). */
const urlUserInfo = /\b(https?:\/\/)[^\s/@"'<>]+@/gi;
const signingParam =
  /([?&])(sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|se|sv|sp|st|skoid|sktid|token|key|api[_-]?key|access_token|code|password|secret)=[^&#\s"'<>]*/gi;

/**
 * A provider's error text, verbatim but for secrets: the deployment's own (its key, stored
 * credential values; given in `known`) wherever they appear, then anything shaped like a key,
 * token or signed URL. What is left is what the provider said.
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret containing another is not half-redacted.
  for (const secret of [...known].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(secret).join(mark);
  out = out.replace(urlUserInfo, `$1${mark}@`).replace(signingParam, `$1$2=${mark}`);
  for (const pattern of secretPatterns) out = out.replace(pattern, mark);
  return out.replace(namedSecret, (whole, scheme?: string, space?: string, name?: string, separator?: string) =>
    scheme !== undefined ? `${scheme}${space}${mark}` : `${name}${separator}${mark}`,
  );
}

/** String values of a deployment (or connected deployment) held under names that say they are secret. */
export function secretsOf(value: unknown, depth = 0): string[] {
  if (depth > 4 || value === null || typeof value !== "object") return [];
  const found: string[] = [];
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    if (typeof field === "string" && /key|secret|token|password|credential|sas/i.test(name) && !/name$/i.test(name)) found.push(field);
    else if (typeof field === "object") found.push(...secretsOf(field, depth + 1));
  }
  return found;
}
