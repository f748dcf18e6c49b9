import { bench, describe } from "vitest";
import { hasDuplicateTopLevelKey } from "../src/server/gateway/providers/duplicate-keys";

// What the duplicate-key guard adds to the verbatim forwarding path, next to the JSON.parse every
// request pays anyway. Its cost grows with the number of strings, not the bytes.
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index % 97}`).join(" ");
const bodies = {
  "small chat (150 B)": JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "Hello there" }], temperature: 0.2 }),
  "chat, one 100 KB prompt": JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: words(14_000) }], stream: true, max_tokens: 500 }),
  "chat, 200 short turns (40 KB)": JSON.stringify({
    model: "gpt-4o",
    messages: Array.from({ length: 200 }, (_, index) => ({ role: index % 2 ? "assistant" : "user", content: words(20) })),
    tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }],
  }),
  "responses, text config + 200 input parts (40 KB)": JSON.stringify({
    model: "gpt-4o",
    text: { format: { type: "text" } },
    input: Array.from({ length: 200 }, () => ({ role: "user", content: [{ type: "input_text", text: words(20) }] })),
    store: false,
  }),
  "embeddings, 8,000 token ids (40 KB)": JSON.stringify({ model: "text-embedding-3-small", input: Array.from({ length: 8000 }, (_, index) => (index * 7919) % 100_000) }),
};

for (const [name, text] of Object.entries(bodies)) {
  describe(name, () => {
    bench("JSON.parse (for scale)", () => {
      JSON.parse(text);
    });
    bench("hasDuplicateTopLevelKey", () => {
      hasDuplicateTopLevelKey(text);
    });
  });
}
