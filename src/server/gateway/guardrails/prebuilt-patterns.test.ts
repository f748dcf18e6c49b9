import { describe, expect, it } from "vitest";
import { filterText, prebuiltRule } from "./content-filter";
import { passesIbanCheck, passesLuhn } from "./prebuilt-patterns";

const mask = (name: string, text: string) => {
  const outcome = filterText(text, [prebuiltRule(name, "MASK")!]);
  if (outcome.kind !== "pass") throw new Error("masking never blocks");
  return outcome.text;
};

// Each prebuilt pattern masks what it names and leaves look-alikes alone.
const cases: Array<[name: string, text: string, masked: string]> = [
  ["email", "mail ada.lovelace+ai@example.co.uk now", "mail [EMAIL_REDACTED] now"],
  ["email", "not an address: ada@localhost", "not an address: ada@localhost"],
  ["us_phone", "call (555) 123-4567 or +1 555.123.4567", "call [US_PHONE_REDACTED] or [US_PHONE_REDACTED]"],
  ["phone", "ring +44 20 7946 0958 or +33 1 42 68 53 00", "ring [PHONE_REDACTED] or [PHONE_REDACTED]"],
  ["phone", "version 2.4.1, build 20240101", "version 2.4.1, build 20240101"],
  ["credit_card", "card 4111-1111-1111-1111, amex 3782 822463 10005", "card [CREDIT_CARD_REDACTED], amex [CREDIT_CARD_REDACTED]"],
  ["credit_card", "order 4111 1111 1111 1112", "order 4111 1111 1111 1112"],
  ["visa", "visa 4012888888881881 mc 5555555555554444", "visa [CREDIT_CARD_REDACTED] mc 5555555555554444"],
  ["mastercard", "mc 5555 5555 5555 4444", "mc [CREDIT_CARD_REDACTED]"],
  ["amex", "amex 378282246310005", "amex [CREDIT_CARD_REDACTED]"],
  ["discover", "discover 6011111111111117", "discover [CREDIT_CARD_REDACTED]"],
  ["iban", "pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432", "pay [IBAN_REDACTED] or [IBAN_REDACTED]"],
  ["iban", "ref DE89 3704 0044 0532 0130 01", "ref DE89 3704 0044 0532 0130 01"],
  ["us_ssn", "ssn 078-05-1120", "ssn [US_SSN_REDACTED]"],
  ["api_key", "keys sk-proj-abcdefghijklmnopqrstuvwx and sk-ant-api03-ABCDEFGHIJKLMNOPQRSTUV", "keys [API_KEY_REDACTED] and [API_KEY_REDACTED]"],
  ["api_key", "the sk-short one", "the sk-short one"],
  ["github_token", "token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "token [GITHUB_TOKEN_REDACTED]"],
  ["slack_token", "xoxb-1234567890-abcdefghij", "[SLACK_TOKEN_REDACTED]"],
  ["generic_api_key", "api_key = 'Zx9_abcdefghijklmnopqrst'", "[API_KEY_REDACTED]"],
  ["aws_access_key", "AKIAIOSFODNN7EXAMPLE", "[AWS_ACCESS_KEY_REDACTED]"],
  ["aws_secret_key", "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY!", "secret [AWS_SECRET_KEY_REDACTED]!"],
  ["ipv4", "host 10.0.0.255, not 300.1.1.1", "host [IP_ADDRESS_REDACTED], not 300.1.1.1"],
  ["ipv6", "at 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "at [IP_ADDRESS_REDACTED]"],
  ["url", "see https://example.com/a?b=c today", "see [URL_REDACTED] today"],
  ["private_key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----", "[PRIVATE_KEY_REDACTED]"],
];

describe("prebuilt patterns", () => {
  it.each(cases)("%s: %j", (name, text, masked) => {
    expect(mask(name, text)).toBe(masked);
  });

  it("check digits: Luhn and IBAN mod-97", () => {
    expect(passesLuhn("4111 1111 1111 1111")).toBe(true);
    expect(passesLuhn("4111 1111 1111 1112")).toBe(false);
    expect(passesLuhn("411111111111")).toBe(false);
    expect(passesIbanCheck("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(passesIbanCheck("GB82 WEST 1234 5698 7654 33")).toBe(false);
  });
});
