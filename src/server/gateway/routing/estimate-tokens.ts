import type { JsonObject } from "../providers/types";

/** OpenAI's count for one 1024x1024 image at high detail: a middling image, as the tokenizer's estimate takes it. */
const imageTokens = 765;
const charsPerToken = 4;

/**
 * A quick estimate of a request's input tokens, for rpm/tpm headroom: every string of the body
 * at about four characters a token, except inline files and images (`data:` URLs, base64), which
 * count as one image, not as their megabytes of text. No tokenizer: this runs per request with a
 * tpm to respect, and LiteLLM's own check is an estimate too.
 */
export function estimateTokensCheaply(body: JsonObject): number {
  let chars = 0;
  let images = 0;
  const visit = (value: unknown, key: string | undefined): void => {
    if (typeof value === "string") {
      if (key === "model") return;
      if (value.startsWith("data:") || key === "image_url" || key === "file_data" || key === "data") images++;
      else chars += value.length;
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (value !== null && typeof value === "object") {
      for (const [name, item] of Object.entries(value)) visit(item, name);
    }
  };
  visit(body, undefined);
  return Math.ceil(chars / charsPerToken) + images * imageTokens;
}
