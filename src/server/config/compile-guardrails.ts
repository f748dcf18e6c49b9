import { z } from "zod";
import { prebuiltPatterns } from "../gateway/guardrails/prebuilt-patterns";
import { formatYamlPath } from "./config-error";
import { compileModeration } from "./compile-moderation";
import type { Deployment, GuardrailDefinition } from "./types";

// LiteLLM's `guardrails:` section. Switchyard has LiteLLM's built-in content filter
// (`litellm_content_filter`: prebuilt patterns, regexes and keywords, to block or mask) and its
// `openai_moderation` (OpenAI's moderation API, or a model group of model_list that serves it). A
// config asking for anything else would send requests the operator meant to filter through
// unfiltered, so it stops start-up, unless the operator says so (SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS=1).

const action = z.preprocess((value) => (typeof value === "string" ? value.toUpperCase() : value), z.enum(["BLOCK", "MASK"], { error: "must be BLOCK or MASK" }));

const guardrailEntrySchema = z.looseObject({
  guardrail_name: z.string().min(1),
  litellm_params: z.looseObject({
    guardrail: z.string().min(1),
    mode: z.union(
      [
        z
          .string()
          .min(1)
          .transform((mode) => [mode]),
        z.array(z.string().min(1)),
        // LiteLLM's tag-based modes: `{ tags: { "<header>: <value>": mode }, default: mode }`.
        z.looseObject({ tags: z.record(z.string(), z.unknown()).optional(), default: z.unknown().optional() }).transform((mode) => ({ tagBased: mode })),
      ],
      { error: "must be pre_call, during_call or post_call, a list of them, or LiteLLM's { tags, default }" },
    ),
    default_on: z.boolean().optional(),
    patterns: z
      .array(
        z.looseObject({
          pattern_type: z.enum(["prebuilt", "regex"]),
          pattern_name: z.string().min(1).optional(),
          pattern: z.string().min(1).optional(),
          name: z.string().min(1).optional(),
          action,
        }),
      )
      .optional(),
    blocked_words: z.array(z.looseObject({ keyword: z.string().min(1), action, description: z.string().optional() })).optional(),
    categories: z.array(z.unknown()).optional(),
    // openai_moderation's own.
    model: z.string().min(1).optional(),
    api_key: z.string().min(1).optional(),
    api_base: z.string().min(1).optional(),
  }),
});

export const guardrailsSchema = z.array(guardrailEntrySchema, { error: "must be a list of guardrails ({ guardrail_name, litellm_params: { guardrail, mode } })" });

const builtIn = "litellm_content_filter";
const moderation = "openai_moderation";
/** The guardrail types whose `os.environ/` references are resolved: the others' secrets are never read. */
export const servedGuardrailTypes: ReadonlySet<string> = new Set([builtIn, moderation]);
const servedModes = new Set(["pre_call", "during_call", "post_call"]);

/**
 * Checked guardrail definitions. What cannot be enforced is a problem (start-up stops, naming
 * the path and the way out), or with `skipUnavailable` a warning, and the guardrail is left out.
 */
export interface GuardrailSources {
  skipUnavailable: boolean;
  /** model_list, compiled: an openai_moderation guardrail's `model` may name one of its groups. */
  deployments: readonly Deployment[];
  lookupEnv: (name: string) => string | undefined;
  timeoutSeconds: number;
}

export function compileGuardrails(raw: unknown, sources: GuardrailSources, problems: string[], warnings: string[]): GuardrailDefinition[] {
  const { skipUnavailable } = sources;
  if (raw === undefined || raw === null) return [];
  const parsed = guardrailsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${formatYamlPath(["guardrails", ...issue.path])}: ${issue.message}`);
    return [];
  }
  const definitions: GuardrailDefinition[] = [];
  const names = new Map<string, number>();
  parsed.data.forEach((entry, index) => {
    const where = `guardrails[${index}].litellm_params`;
    const params = entry.litellm_params;
    const unavailable = (path: string, why: string) => {
      if (skipUnavailable)
        warnings.push(`${path}: ${why}; SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS is set, so guardrail "${entry.guardrail_name}" is left out and requests go unfiltered by it`);
      else problems.push(`${path}: ${why}, so requests would go unfiltered. Remove the guardrail, or set SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS=1 to start without it`);
    };
    const earlier = names.get(entry.guardrail_name);
    // LiteLLM initialises each entry (its own id) and runs every one whose name a request gives: so does Switchyard.
    if (earlier !== undefined) {
      warnings.push(`guardrails[${index}].guardrail_name: "${entry.guardrail_name}" also names guardrails[${earlier}]; as in LiteLLM, both run wherever that name applies`);
    } else names.set(entry.guardrail_name, index);
    if (!servedGuardrailTypes.has(params.guardrail)) {
      return unavailable(`${where}.guardrail`, `"${params.guardrail}" is not available in Switchyard (it has ${builtIn} and ${moderation})`);
    }
    if (!Array.isArray(params.mode)) return unavailable(`${where}.mode`, "LiteLLM's tag-based modes ({ tags, default }) are not available in Switchyard");
    const otherMode = params.mode.find((mode) => !servedModes.has(mode));
    if (otherMode !== undefined) return unavailable(`${where}.mode`, `mode "${otherMode}" is not available in Switchyard (pre_call, during_call, post_call are)`);
    if (params.guardrail === moderation) {
      const target = compileModeration(params, where, sources, problems);
      if (!target) return;
      definitions.push({
        name: entry.guardrail_name,
        input: params.mode.includes("pre_call"),
        during: params.mode.includes("during_call"),
        output: params.mode.includes("post_call"),
        defaultOn: params.default_on === true,
        patterns: [],
        blockedWords: [],
        moderation: target,
      });
      return;
    }
    if (params.categories !== undefined && params.categories.length > 0) {
      return unavailable(`${where}.categories`, "LiteLLM's harmful-content categories are not available in Switchyard (patterns and blocked_words are)");
    }
    const patterns: Array<GuardrailDefinition["patterns"][number]> = [];
    let broken = false;
    (params.patterns ?? []).forEach((pattern, patternIndex) => {
      const at = `${where}.patterns[${patternIndex}]`;
      if (pattern.pattern_type === "prebuilt") {
        if (pattern.pattern_name === undefined || !(pattern.pattern_name in prebuiltPatterns)) {
          problems.push(`${at}.pattern_name: must be one of ${Object.keys(prebuiltPatterns).join(", ")}`);
          broken = true;
          return;
        }
        patterns.push({ prebuilt: pattern.pattern_name, action: pattern.action });
        return;
      }
      if (pattern.pattern === undefined) {
        problems.push(`${at}.pattern: a regex pattern needs its pattern`);
        broken = true;
        return;
      }
      try {
        new RegExp(pattern.pattern, "gi");
      } catch (error) {
        problems.push(`${at}.pattern: not a valid regular expression (${(error as Error).message})`);
        broken = true;
        return;
      }
      patterns.push({ regex: pattern.pattern, name: pattern.name ?? `pattern ${patternIndex}`, action: pattern.action });
    });
    if (broken) return;
    const masks = patterns.some((pattern) => pattern.action === "MASK") || (params.blocked_words ?? []).some((word) => word.action === "MASK");
    if (params.mode.includes("post_call") && masks) {
      warnings.push(
        `${where}.mode: post_call holds streamed answers whole and checks them with guardrail "${entry.guardrail_name}"'s BLOCK rules; its MASK rules apply to whole answers only, so streamed ones are not masked`,
      );
    }
    definitions.push({
      name: entry.guardrail_name,
      // during_call runs beside the call in LiteLLM and holds the answer back if it fails; here it runs first: no answer goes out unchecked.
      input: params.mode.includes("pre_call") || params.mode.includes("during_call"),
      output: params.mode.includes("post_call"),
      defaultOn: params.default_on === true,
      patterns,
      blockedWords: (params.blocked_words ?? []).map((word) => ({ keyword: word.keyword, action: word.action })),
    });
  });
  return definitions;
}
