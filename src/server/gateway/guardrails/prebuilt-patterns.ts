/**
 * The prebuilt patterns of LiteLLM's content filter (`pattern_type: prebuilt`) that need no
 * model: personal data and secrets with a fixed shape. Names are LiteLLM's.
 */
export interface PrebuiltPattern {
  regex: RegExp;
  /** What a masked match becomes. */
  mask: string;
  /** A check the shape alone cannot make (a card number's Luhn digit). */
  confirm?: (match: string) => boolean;
}

/** The Luhn check digit: most 13-19 digit runs are not card numbers. */
export function passesLuhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "");
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616: the IBAN's mod-97 check. */
export function passesIbanCheck(candidate: string): boolean {
  const compact = candidate.replace(/\s/g, "").toUpperCase();
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

const card = (regex: RegExp): PrebuiltPattern => ({ regex, mask: "[CREDIT_CARD_REDACTED]", confirm: passesLuhn });

export const prebuiltPatterns: Readonly<Record<string, PrebuiltPattern>> = {
  email: { regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, mask: "[EMAIL_REDACTED]" },
  us_ssn: { regex: /\b\d{3}-\d{2}-\d{4}\b/g, mask: "[US_SSN_REDACTED]" },
  us_ssn_no_dash: { regex: /\b(?!000|666|9\d{2})\d{3}(?!00)\d{2}(?!0000)\d{4}\b/g, mask: "[US_SSN_REDACTED]" },
  us_phone: { regex: /(?<![\d+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, mask: "[US_PHONE_REDACTED]" },
  phone: { regex: /(?<![\w+])\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b/g, mask: "[PHONE_REDACTED]" },
  // Card numbers: the shape, then the Luhn digit (most digit runs of that length are not cards).
  credit_card: card(/\b(?:\d[ -]?){12,18}\d\b/g),
  visa: card(/\b4\d{3}[\s-]?\d{4}[\s-]?\d{4}[\s-]?\d{4}\b/g),
  mastercard: card(/\b5[1-5]\d{2}[\s-]?\d{4}[\s-]?\d{4}[\s-]?\d{4}\b/g),
  amex: card(/\b3[47]\d{2}[\s-]?\d{6}[\s-]?\d{5}\b/g),
  discover: card(/\b6(?:011|5\d{2})[\s-]?\d{4}[\s-]?\d{4}[\s-]?\d{4}\b/g),
  iban: { regex: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, mask: "[IBAN_REDACTED]", confirm: passesIbanCheck },
  ipv4: { regex: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g, mask: "[IP_ADDRESS_REDACTED]" },
  ipv6: { regex: /\b(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}\b/g, mask: "[IP_ADDRESS_REDACTED]" },
  url: { regex: /\b(?:https?:\/\/|www\.)[^\s/$.?#].[^\s]*\b/g, mask: "[URL_REDACTED]" },
  aws_access_key: { regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, mask: "[AWS_ACCESS_KEY_REDACTED]" },
  // LiteLLM's: any 40-character run of the secret's alphabet, so it also masks other long tokens.
  aws_secret_key: { regex: /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g, mask: "[AWS_SECRET_KEY_REDACTED]" },
  github_token: { regex: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, mask: "[GITHUB_TOKEN_REDACTED]" },
  slack_token: { regex: /\bxox[abpr]-[A-Za-z0-9-]{10,}\b/g, mask: "[SLACK_TOKEN_REDACTED]" },
  // `api_key: ...`, `API-KEY=...`: a long value written after a name that says what it is.
  generic_api_key: { regex: /\b[Aa][Pp][Ii][-_]?[Kk][Ee][Yy][\s:=]+['"]?[A-Za-z0-9_-]{20,}['"]?/g, mask: "[API_KEY_REDACTED]" },
  // OpenAI, Anthropic, GitHub, Slack and generic "sk-" secrets: long tokens with a known prefix.
  api_key: { regex: /\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{36,}|xox[abpr]-[A-Za-z0-9-]{10,})\b/g, mask: "[API_KEY_REDACTED]" },
  private_key: { regex: /-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----[\s\S]*?-----END (?:RSA |EC |OPENSSH )?PRIVATE KEY-----/g, mask: "[PRIVATE_KEY_REDACTED]" },
};
