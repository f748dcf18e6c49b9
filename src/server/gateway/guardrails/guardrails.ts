import type { GuardrailDefinition, ModerationTarget } from "../../config/types";
import { GatewayError } from "../errors";
import type { Principal } from "../keys/principal";
import type { JsonObject, Operation } from "../providers/types";
import type { UpstreamClient } from "../providers/upstream-client";
import { keywordRule, prebuiltRule, regexRule, type FilterRule } from "./content-filter";
import { applyAll, filterAnswer, filterRequest } from "./filter-texts";
import { answerText, lastUserText } from "./guardrail-texts";
import { moderate } from "./moderation";
import { attachedGuardrails, globalGuardrailsDisabled, readRequested, withoutGuardrailNames } from "./select-guardrails";

export interface Guardrail {
  name: string;
  input: boolean;
  /** Runs beside the call (during_call); the answer waits for it. */
  during: boolean;
  output: boolean;
  /** The content filter's rules (none for a moderation guardrail). */
  rules: readonly FilterRule[];
  moderation?: ModerationTarget;
}

/** Operations whose text guardrails read: chat completions, the Responses API and Anthropic's Messages API (LiteLLM's unified guardrails read the same). */
const guarded = new Set<Operation>(["chat", "responses", "messages"]);

/** The config's guardrails, compiled once: LiteLLM's content filter and OpenAI moderation over the texts of a request and its answer. */
export class Guardrails {
  /** A name may be given to more than one entry: as in LiteLLM, all of them run. */
  private readonly byName = new Map<string, Guardrail[]>();
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
      const guardrail: Guardrail = {
        name: definition.name,
        input: definition.input,
        during: definition.during === true,
        output: definition.output,
        rules,
        moderation: definition.moderation,
      };
      this.byName.set(definition.name, [...(this.byName.get(definition.name) ?? []), guardrail]);
      if (definition.defaultOn) this.defaults.push(guardrail);
    }
  }

  /** The names among these that no guardrail has (for the key endpoints' checks). */
  unknown(names: readonly string[]): string[] {
    return names.filter((name) => !this.byName.has(name));
  }

  /**
   * The guardrails this request runs under, as LiteLLM picks them: every `default_on` one (unless
   * an admin set `disable_global_guardrails` on the key or its team), those its key or team
   * carries in `metadata.guardrails`, and those it names in `guardrails` or `metadata.guardrails`,
   * which are taken out of the body the provider sees. Unlike LiteLLM, whose teams may switch
   * guardrails off unless told otherwise, a request cannot turn off what the config or its key
   * puts on it. Nearly every request: none configured, none named, the body as it came.
   */
  forRequest(operation: Operation, body: JsonObject, principal?: Principal): { body: JsonObject; active: readonly Guardrail[] } {
    const metadata = body.metadata as JsonObject | undefined;
    const named = body.guardrails ?? (metadata && typeof metadata === "object" ? metadata.guardrails : undefined);
    const attached = attachedGuardrails(principal);
    if (named === undefined && attached.length === 0 && (this.defaults.length === 0 || !guarded.has(operation))) return { body, active: [] };

    const requested = named === undefined ? { on: [], off: [] } : readRequested(named);
    // Guardrails read chat, Responses and Messages texts: a check asked for by name elsewhere would not run.
    if (requested.on.length > 0 && !guarded.has(operation)) {
      throw new GatewayError("invalid_request", `'guardrails': guardrails check chat completions, responses and messages only, not ${operation}`, { param: "guardrails" });
    }
    const unknownNamed = this.unknown([...requested.on, ...requested.off]);
    if (unknownNamed.length > 0) {
      const known = [...this.byName.keys()];
      throw new GatewayError(
        "invalid_request",
        `'guardrails': no guardrail ${unknownNamed.map((name) => `"${name}"`).join(", ")} ${unknownNamed.length > 1 ? "are" : "is"} configured${known.length ? `; configured: ${known.join(", ")}` : ""}`,
        { param: "guardrails" },
      );
    }
    const unknownAttached = this.unknown(attached);
    if (unknownAttached.length > 0) {
      // The config changed since the key was given them: refused rather than run without them.
      throw new GatewayError("invalid_request", `This key (or its team) names guardrails that are not configured: ${unknownAttached.join(", ")}; an admin must update the key`, {
        param: "guardrails",
      });
    }

    const active: Guardrail[] = globalGuardrailsDisabled(principal) ? [] : [...this.defaults];
    const fixed = new Set(active.map((guardrail) => guardrail.name));
    for (const name of attached) fixed.add(name);
    const turnedOff = requested.off.filter((name) => fixed.has(name));
    if (turnedOff.length > 0) {
      throw new GatewayError(
        "guardrail_not_modifiable",
        `'guardrails': a request cannot turn off ${turnedOff.map((name) => `"${name}"`).join(", ")}: the config (default_on) or the key applies it to every request`,
        { param: "guardrails" },
      );
    }
    for (const name of [...attached, ...requested.on]) {
      for (const guardrail of this.byName.get(name) ?? []) if (!active.includes(guardrail)) active.push(guardrail);
    }
    return { body: named === undefined ? body : withoutGuardrailNames(body), active: guarded.has(operation) ? active : [] };
  }
}

/** The request as it may be sent, and the during_call checks still running beside it. */
export interface CheckedRequest {
  body: JsonObject;
  /** Settles when every during_call check has passed; rejects with the refusal. Await before answering. */
  during?: Promise<void>;
}

/**
 * Runs the input guardrails over a request: the content filters (masking, or a 400), then the
 * moderation checks of pre_call, all at once; during_call moderation is started, not awaited.
 */
export async function checkRequest(upstream: UpstreamClient, active: readonly Guardrail[], operation: Operation, body: JsonObject): Promise<CheckedRequest> {
  if (active.length === 0) return { body };
  const filters = active.filter((guardrail) => guardrail.input && !guardrail.moderation);
  const checked = filters.length > 0 ? filterRequest(filters, operation, body) : body;
  const moderations = (mode: "input" | "during") => active.filter((guardrail) => guardrail.moderation && guardrail[mode]);
  const pre = moderations("input");
  const beside = moderations("during");
  if (pre.length === 0 && beside.length === 0) return { body: checked };
  const text = lastUserText(operation, checked);
  if (text === "") return { body: checked };
  const run = (guardrails: Guardrail[]) => Promise.all(guardrails.map((guardrail) => moderate(upstream, guardrail.name, guardrail.moderation!, text, "request"))).then(() => {});
  if (pre.length > 0) await run(pre);
  if (beside.length === 0) return { body: checked };
  const during = run(beside);
  // Awaited by the handler once the answer is in; until then a refusal must not count as unhandled.
  during.catch(() => {});
  return { body: checked, during };
}

/** Runs the output guardrails over a whole answer (chat or Messages shape): filters first, then moderation. */
export async function checkAnswer(upstream: UpstreamClient, active: readonly Guardrail[], operation: Operation, answer: unknown): Promise<unknown> {
  const output = active.filter((guardrail) => guardrail.output);
  if (output.length === 0 || typeof answer !== "object" || answer === null) return answer;
  const filters = output.filter((guardrail) => !guardrail.moderation);
  const filtered = filters.length > 0 ? filterAnswer(filters, operation, answer as JsonObject) : answer;
  const moderations = output.filter((guardrail) => guardrail.moderation);
  if (moderations.length > 0) {
    const text = answerText(operation, filtered);
    if (text !== "") await Promise.all(moderations.map((guardrail) => moderate(upstream, guardrail.name, guardrail.moderation!, text, "answer")));
  }
  return filtered;
}

/**
 * Runs the output guardrails over a streamed answer's whole text: blocking rules and moderation.
 * A stream cannot be rewritten once assembled, so MASK rules do not apply to it (warned at start).
 */
export async function checkStreamedAnswer(upstream: UpstreamClient, active: readonly Guardrail[], text: string): Promise<void> {
  const output = active.filter((guardrail) => guardrail.output);
  const blocking = output.filter((guardrail) => !guardrail.moderation).map((guardrail) => ({ ...guardrail, rules: guardrail.rules.filter((rule) => rule.action === "BLOCK") }));
  if (blocking.length > 0) applyAll(blocking, text, "answer");
  const moderations = output.filter((guardrail) => guardrail.moderation);
  if (moderations.length > 0 && text !== "") await Promise.all(moderations.map((guardrail) => moderate(upstream, guardrail.name, guardrail.moderation!, text, "answer")));
}

/** Whether a streamed answer must be held for post_call checks. */
export function checksAnswers(active: readonly Guardrail[]): boolean {
  return active.some((guardrail) => guardrail.output);
}
