import { z } from "zod";
import { isValidDuration } from "../keys/durations";
import { looksLikeVirtualKey } from "../keys/key-format";

const duration = z.string().refine(isValidDuration, "must be a duration such as 30s, 10m, 2h, 30d or 1mo");
const limit = z.number().int().min(0).nullish();
const name = z.string().min(1).max(256);

/** The settable fields of a key, with LiteLLM's names; unknown LiteLLM fields are accepted and ignored. */
export const keyFieldsSchema = z.looseObject({
  key_alias: name.nullish(),
  team_id: name.nullish(),
  user_id: name.nullish(),
  user_role: z.enum(["proxy_admin", "internal_user", "internal_user_viewer"]).optional(),
  models: z.array(name).max(1000).optional(),
  max_budget: z.number().min(0).nullish(),
  budget_duration: duration.nullish(),
  duration: duration.nullish(),
  rpm_limit: limit,
  tpm_limit: limit,
  metadata: z.record(z.string(), z.unknown()).optional(),
  blocked: z.boolean().optional(),
  /** LiteLLM's per-key guardrails, kept in `metadata` as LiteLLM keeps them. */
  guardrails: z.array(name).max(100).optional(),
  disable_global_guardrails: z.boolean().optional(),
});

export const generateKeySchema = keyFieldsSchema.extend({
  key: z.string().refine(looksLikeVirtualKey, "a custom key must start with sk- and be 8 to 512 printable characters").optional(),
});

/** A key named by its plain value (`sk-...`) or its stored hash. */
export const keyReference = z.string().min(1).max(512);

export const updateKeySchema = keyFieldsSchema.extend({ key: keyReference });
export const keyOnlySchema = z.looseObject({ key: keyReference });
export const deleteKeysSchema = z
  .looseObject({ keys: z.array(keyReference).max(1000).optional(), key_aliases: z.array(name).max(1000).optional() })
  .refine((body) => (body.keys?.length ?? 0) + (body.key_aliases?.length ?? 0) > 0, "give keys or key_aliases to delete");
export const regenerateKeySchema = z.looseObject({
  key: keyReference.optional(),
  new_key: z.string().refine(looksLikeVirtualKey, "new_key must start with sk- and be 8 to 512 printable characters").optional(),
});

export const newTeamSchema = z.looseObject({
  team_id: name.optional(),
  team_alias: name.nullish(),
  models: z.array(name).max(1000).optional(),
  max_budget: z.number().min(0).nullish(),
  budget_duration: duration.nullish(),
  rpm_limit: limit,
  tpm_limit: limit,
  metadata: z.record(z.string(), z.unknown()).optional(),
  blocked: z.boolean().optional(),
  guardrails: z.array(name).max(100).optional(),
  disable_global_guardrails: z.boolean().optional(),
});
