import type { GuardrailDefinition } from "../../config/types";
import { GatewayError } from "../errors";
import type { JsonObject, Operation } from "../providers/types";
import { filterText, keywordRule, prebuiltRule, regexRule, type FilterRule } from "./content-filter";

export interface Guardrail {
  name: string;
  input: boolean;
  output: boolean;
  rules: readonly FilterRule[];
}

/** Operations whose text guardrails read: chat completions and Anthropic's Messages API. */
const guarded = new Set<Operation>(["chat", "messages"]);

/** The config's guardrails, compiled once: LiteLLM's content filter over the texts of a request and its answer. */
export class Guardrails {
  private readonly byName = new Map<string, Guardrail>();
  private readonly defaults: Guardrail[] = [];

  constructor(definitions: readonly GuardrailDefinition[] = []) {
    for (const definition of definitions) {
      const rules: FilterRule[] = [
        ...definition.patterns.flatMap((pattern) =>
          "prebuilt" in pattern ? (prebuiltRule(pattern.prebuilt, pattern.action) ?? []) : regexRule(pattern.name, pattern.regex, pattern.action),
        ),
        ...definition.blockedWords.map((word) => keywordRule(word.keyword, word.action)),
      ];
      // Blocking first: a request that is refused need not be masked.
      rules.sort((a, b) => (a.action === b.action ? 0 : a.action === "BLOCK" ? -1 : 1));
      const guardrail = { name: definition.name, input: definition.input, output: definition.output, rules };
      this.byName.set(definition.name, guardrail);
      if (definition.defaultOn) this.defaults.push(guardrail);
    }
  }

  /**
   * The guardrails this request runs under: every `default_on` one, and those it names in
   * `guardrails` or `metadata.guardrails` (LiteLLM's two places), which are taken out of the body
   * the provider sees. Nearly every request: none configured, none named, the body as it came.
   */
  forRequest(operation: Operation, body: JsonObject): { body: JsonObject; active: readonly Guardrail[] } {
    const metadata = body.metadata as JsonObject | undefined;
    const named = body.guardrails ?? metadata?.guardrails;
    if (named === undefined && (this.defaults.length === 0 || !guarded.has(operation))) return { body, active: [] };
    const active = [...this.defaults];
    if (named !== undefined) {
      if (!Array.isArray(named) || !named.every((name) => typeof name === "string")) {
        throw new GatewayError("invalid_request", "'guardrails' must be a list of guardrail names", { param: "guardrails" });
      }
      for (const name of named) {
        const guardrail = this.byName.get(name);
        if (!guardrail) {
          const known = [...this.byName.keys()];
          throw new GatewayError("invalid_request", `'guardrails': no guardrail "${name}" is configured${known.length ? `; configured: ${known.join(", ")}` : ""}`, { param: "guardrails" });
        }
        if (!active.includes(guardrail)) active.push(guardrail);
      }
    }
    return { body: named === undefined ? body : withoutGuardrailNames(body), active: guarded.has(operation) ? active : [] };
  }
}

function withoutGuardrailNames(body: JsonObject): JsonObject {
  const { guardrails: _named, ...rest } = body;
  const metadata = rest.metadata as JsonObject | undefined;
  if (metadata && "guardrails" in metadata) {
    const { guardrails: _alsoNamed, ...otherMetadata } = metadata;
    rest.metadata = otherMetadata;
  }
  return rest;
}

/** Runs the input guardrails over a request's texts: refused with a 400, or returned with matches masked. */
export function guardRequest(active: readonly Guardrail[], operation: Operation, body: JsonObject): JsonObject {
  const input = active.filter((guardrail) => guardrail.input);
  if (input.length === 0) return body;
  const check = (text: string) => applyAll(input, text, "request");
  if (operation === "messages") {
    const out: JsonObject = { ...body, messages: mapMessages(body.messages, check) };
    if (body.system !== undefined) out.system = mapContent(body.system, check);
    return out;
  }
  return { ...body, messages: mapMessages(body.messages, check) };
}

/** Runs the output guardrails over a whole answer (chat or Messages shape). */
export function guardAnswer(active: readonly Guardrail[], operation: Operation, answer: unknown): unknown {
  const output = active.filter((guardrail) => guardrail.output);
  if (output.length === 0 || typeof answer !== "object" || answer === null) return answer;
  const check = (text: string) => applyAll(output, text, "answer");
  const record = answer as JsonObject;
  if (operation === "messages") return { ...record, content: mapContent(record.content, check) };
  if (!Array.isArray(record.choices)) return answer;
  return {
    ...record,
    choices: record.choices.map((choice: JsonObject) => {
      const message = choice?.message as JsonObject | undefined;
      return message ? { ...choice, message: { ...message, content: mapContent(message.content, check) } } : choice;
    }),
  };
}

function applyAll(guardrails: readonly Guardrail[], text: string, where: "request" | "answer"): string {
  let out = text;
  for (const guardrail of guardrails) {
    const outcome = filterText(out, guardrail.rules);
    if (outcome.kind === "blocked") {
      throw new GatewayError("guardrail_blocked", `Blocked by guardrail "${guardrail.name}": the ${where} contains ${outcome.rule.label}`, {
        param: where === "request" ? "messages" : null,
      });
    }
    out = outcome.text;
  }
  return out;
}

function mapMessages(messages: unknown, check: (text: string) => string): unknown {
  if (!Array.isArray(messages)) return messages;
  return messages.map((message: JsonObject) => (message && typeof message === "object" && "content" in message ? { ...message, content: mapContent(message.content, check) } : message));
}

/** A content value of either API: a string, or blocks whose text (and tool results' content) is read. */
function mapContent(content: unknown, check: (text: string) => string): unknown {
  if (typeof content === "string") return check(content);
  if (!Array.isArray(content)) return content;
  return content.map((block: JsonObject) => {
    if (!block || typeof block !== "object") return block;
    if (typeof block.text === "string") return { ...block, text: check(block.text) };
    if (block.type === "tool_result" && block.content !== undefined) return { ...block, content: mapContent(block.content, check) };
    return block;
  });
}
