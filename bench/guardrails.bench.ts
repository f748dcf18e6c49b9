import { bench, describe } from "vitest";
import { parseConfig } from "../src/server/config/load-config";
import { Guardrails, checkRequest } from "../src/server/gateway/guardrails/guardrails";
import type { UpstreamClient } from "../src/server/gateway/providers/upstream-client";

// What guardrail selection and the content filter add to a chat request: none configured (every
// request pays this), and a default_on PII filter over a 2 kB conversation.
const model = "model_list:\n  - model_name: gpt-4o\n    litellm_params: { model: openai/gpt-4o, api_key: sk-x }\n";
const filter = `guardrails:
  - guardrail_name: pii
    litellm_params:
      guardrail: litellm_content_filter
      mode: pre_call
      default_on: true
      patterns:
        - { pattern_type: prebuilt, pattern_name: email, action: MASK }
        - { pattern_type: prebuilt, pattern_name: credit_card, action: MASK }
        - { pattern_type: prebuilt, pattern_name: iban, action: MASK }
        - { pattern_type: prebuilt, pattern_name: api_key, action: BLOCK }
`;
const none = new Guardrails(parseConfig(model, "bench.yaml", { lookupEnv: () => undefined }).guardrails);
const pii = new Guardrails(parseConfig(model + filter, "bench.yaml", { lookupEnv: () => undefined }).guardrails);
const unused = {} as UpstreamClient;
const sentence = "Please summarise the quarterly report for the finance team, card 4111 1111 1111 1111, mail ada@example.com. ";
const body = {
  model: "gpt-4o",
  messages: [
    { role: "system", content: "You are helpful." },
    { role: "user", content: sentence.repeat(9) },
    { role: "assistant", content: "Sure." },
    { role: "user", content: sentence.repeat(9) },
  ],
};

describe("guardrails per request", () => {
  bench("none configured", async () => {
    const { body: out, active } = none.forRequest("chat", body);
    await checkRequest(unused, active, "chat", out);
  });
  bench("default_on PII filter, 4 patterns, 2 kB", async () => {
    const { body: out, active } = pii.forRequest("chat", body);
    await checkRequest(unused, active, "chat", out);
  });
});
