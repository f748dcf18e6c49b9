import { z } from "zod";
import { awsRegionPattern } from "./aws-connection";
import { resolveProvider } from "./resolve-provider";

/**
 * LiteLLM's config.yaml, the parts Switchyard honours. Objects are loose so that a LiteLLM
 * file with settings we do not use still loads; `findUnknownKeys` turns those into warnings.
 */
const positiveNumber = z.number().positive();
/** A number that may come written as a string (`"0.7"`, or an `os.environ/` value), as LiteLLM passes it on. */
const numeric = (schema: z.ZodNumber) => z.preprocess((value) => (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value), schema);

/** Bedrock's SigV4 values (see aws-connection.ts). */
const awsParams = {
  aws_access_key_id: z.string().min(1).optional(),
  aws_secret_access_key: z.string().min(1).optional(),
  aws_session_token: z.string().min(1).optional(),
  aws_region_name: z.string().regex(awsRegionPattern, "must be an AWS region name such as us-east-1").optional(),
  aws_bedrock_runtime_endpoint: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  /** An IAM role assumed through STS (AssumeRole, or AssumeRoleWithWebIdentity with a token). */
  // STS itself judges the ARN and session name, with an error the request's answer carries.
  aws_role_name: z.string().min(1).optional(),
  aws_session_name: z.string().min(1).optional(),
  aws_external_id: z.string().min(2).optional(),
  aws_web_identity_token: z.string().min(1).optional(),
  aws_sts_endpoint: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
};
const nonNegativeInt = z.number().int().min(0);
/** A deployment's own prices per token, over the cost map's (litellm_params, or model_info as LiteLLM's UI writes them). */
const priceParams = {
  input_cost_per_token: z.number().min(0).optional(),
  output_cost_per_token: z.number().min(0).optional(),
  cache_read_input_token_cost: z.number().min(0).optional(),
  cache_creation_input_token_cost: z.number().min(0).optional(),
};

export const litellmParamsSchema = z.looseObject({
  model: z
    .string()
    .min(1)
    .refine((value) => !/\s/.test(value), "must not contain white space"),
  api_key: z.string().optional(),
  api_base: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  api_version: z.string().min(1).optional(),
  organization: z.string().min(1).optional(),
  /** Google Vertex AI; `vertex_ai_project` and `vertex_ai_location` are LiteLLM's other spellings. */
  vertex_project: z.string().min(1).optional(),
  vertex_location: z.string().min(1).optional(),
  vertex_credentials: z.string().min(1).optional(),
  vertex_ai_project: z.string().min(1).optional(),
  vertex_ai_location: z.string().min(1).optional(),
  ...awsParams,
  /** LiteLLM's other way to name the provider: read as a prefix of `model` (read-as-litellm.ts). */
  custom_llm_provider: z.string().min(1).optional(),
  /** A credential of `credential_list`, or one stored at run time (POST /credentials, the dashboard). */
  litellm_credential_name: z.string().min(1).optional(),
  rpm: nonNegativeInt.optional(),
  tpm: nonNegativeInt.optional(),
  weight: positiveNumber.optional(),
  /** LiteLLM's in-group priority: the lowest order is used while any of its deployments can serve. */
  order: z.number().int().min(0).optional(),
  timeout: positiveNumber.optional(),
  stream_timeout: positiveNumber.optional(),
  max_retries: nonNegativeInt.optional(),
  ...priceParams,
  // Generation settings: LiteLLM sends them with every call to the deployment unless the request sets its own.
  temperature: numeric(z.number().min(0).max(2)).optional(),
  top_p: numeric(z.number().min(0).max(1)).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
  seed: z.number().int().optional(),
  drop_params: z.boolean().optional(),
  additional_drop_params: z.array(z.string().min(1)).optional(),
  /** LiteLLM's deployment tags, for tag filtering. */
  tags: z
    .union([
      z
        .string()
        .min(1)
        .transform((tag) => [tag]),
      z.array(z.string().min(1)),
    ])
    .optional(),
  /** Headers sent to the provider with every request (LiteLLM's `extra_headers`), e.g. Azure AI's `extra-parameters`. */
  extra_headers: z.record(z.string().min(1), z.string(), { error: "must be a mapping of header: value" }).optional(),
});

/** The `litellm_params` that are request defaults (deployment.requestDefaults). */
export const requestDefaultKeys = ["temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "presence_penalty", "frequency_penalty", "seed"] as const;

/** LiteLLM's `model_info.mode` values: what a deployment is for, shown on /model/info and the models page. */
export const modelModes = [
  "chat",
  "responses",
  "embedding",
  "realtime",
  "completion",
  "audio_transcription",
  "audio_speech",
  "image_generation",
  "image_edit",
  "video_generation",
  "batch",
  "ocr",
  "rerank",
  "moderation",
  "search",
] as const;

export const modelInfoSchema = z.looseObject({
  id: z.string().min(1).optional(),
  mode: z.enum(modelModes).optional(),
  base_model: z.string().min(1).optional(),
  access_groups: z.array(z.string().min(1)).optional(),
  /** The deployment's context window, for enable_pre_call_checks; else the cost map's. */
  max_input_tokens: z.number().int().positive().optional(),
  ...priceParams,
});

/**
 * The provider prefix and api_base are checked here, so their problems are reported with all
 * others; a missing api_base only once the credential that may supply it is known.
 */
const checkedLitellmParams = litellmParamsSchema.superRefine((params, context) => {
  const target = resolveProvider(params.model, params.api_base);
  // A missing api_base is reported once the credential and the environment that may supply it are known (load-config.ts).
  if (target.ok || target.field === "api_base") return;
  context.addIssue({ code: "custom", path: [target.field], message: target.problem });
});

export const modelEntrySchema = z.looseObject({
  model_name: z.string().min(1),
  litellm_params: checkedLitellmParams,
  model_info: modelInfoSchema.optional(),
});

/** LiteLLM's reusable credentials: api_key, api_base, ... shared by deployments that name them. */
export const credentialValuesSchema = z.looseObject({
  api_key: z.string().min(1).optional(),
  api_base: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  api_version: z.string().min(1).optional(),
  organization: z.string().min(1).optional(),
  vertex_project: z.string().min(1).optional(),
  vertex_location: z.string().min(1).optional(),
  vertex_credentials: z.string().min(1).optional(),
  ...awsParams,
});

export const credentialEntrySchema = z.looseObject({
  credential_name: z.string().min(1),
  credential_values: credentialValuesSchema,
  credential_info: z.record(z.string(), z.unknown()).optional(),
});

/** LiteLLM's strategies, all routed by (routing/strategies/). usage-based-routing is served as -v2. */
export const routingStrategies = ["simple-shuffle", "least-busy", "usage-based-routing-v2", "latency-based-routing", "cost-based-routing"] as const;
export const litellmRoutingStrategies = [...routingStrategies, "usage-based-routing"] as const;

/** `routing_strategy_args`: LiteLLM's latency-based routing reads these (others are warned about). */
export const routingStrategyArgsSchema = z.looseObject({
  ttl: positiveNumber.optional(),
  lowest_latency_buffer: z.number().min(0).optional(),
  max_latency_list_size: z.number().int().positive().optional(),
});

/** LiteLLM's alias value: a model group's name, or that name with `hidden` (kept out of /v1/models). */
export const modelGroupAliasItemSchema = z.looseObject({
  model: z.string().min(1),
  hidden: z.boolean().optional(),
});

const modelGroupAliasValue = z.union([z.string().min(1), modelGroupAliasItemSchema], {
  error: "must be a model group's name, or { model: <model group>, hidden: true|false }",
});

/** LiteLLM's fallback lists: `[{group: [fallback, ...]}, ...]`; a single name is taken as a list of one. */
const fallbackNames = z.union([
  z
    .string()
    .min(1)
    .transform((name) => [name]),
  z.array(z.string().min(1)),
]);
export const fallbackListSchema = z.array(z.record(z.string().min(1), fallbackNames), {
  error: 'must be a list of { model group: [fallback model, ...] }, as in fallbacks: [{"gpt-4o": ["gpt-4o-mini"]}]',
});
const fallbackSettings = {
  fallbacks: fallbackListSchema.optional(),
  context_window_fallbacks: fallbackListSchema.optional(),
  content_policy_fallbacks: fallbackListSchema.optional(),
  default_fallbacks: z.array(z.string().min(1)).optional(),
};

export const routerSettingsSchema = z.looseObject({
  ...fallbackSettings,
  /** Another name a model group answers to (LiteLLM's `model_group_alias`). */
  model_group_alias: z.record(z.string().min(1), modelGroupAliasValue, { error: "must be a mapping of alias: model group" }).optional(),
  routing_strategy: z.enum(litellmRoutingStrategies).optional(),
  routing_strategy_args: routingStrategyArgsSchema.optional(),
  enable_tag_filtering: z.boolean().optional(),
  /** LiteLLM's pre-call checks: deployments whose context window the request exceeds are skipped. */
  enable_pre_call_checks: z.boolean().optional(),
  num_retries: nonNegativeInt.optional(),
  allowed_fails: nonNegativeInt.optional(),
  cooldown_time: z.number().min(0).optional(),
  timeout: positiveNumber.optional(),
});

export const generalSettingsSchema = z.looseObject({
  /** Any value loads; a weak one is refused at start unless the server listens on loopback only (master-key-strength.ts). */
  master_key: z.string().min(1).optional(),
  max_request_size_mb: positiveNumber.optional(),
  /** LiteLLM's name: seconds between batched spend writes (see spendWriteIntervalMs). */
  proxy_batch_write_at: z.number().min(0.05, "must be at least 0.05 (seconds)").max(600, "must be at most 600 (seconds)").optional(),
  /** Responses API affinity: on by default; off only to compare (it is what keeps follow-ups readable). */
  responses_affinity: z.boolean().optional(),
  responses_affinity_ttl_days: positiveNumber.optional(),
  responses_drop_unreadable_reasoning: z.boolean().optional(),
  /** Browser origins allowed on the OpenAI routes (realtime apps); `*` for any. */
  allowed_origins: z.array(z.string().min(1)).optional(),
  /** LiteLLM's: check every deployment every `health_check_interval` seconds; GET /health then answers the latest results. */
  background_health_checks: z.boolean().optional(),
  health_check_interval: z.number().min(5, "must be at least 5 (seconds)").optional(),
  /** LiteLLM's switch for deployments added at run time (`/model/new`, the Models page), kept in the database. */
  store_model_in_db: z.boolean().optional(),
});

const callbackName = z.union([z.string().min(1), z.record(z.string().min(1), z.unknown()).transform((entry) => Object.keys(entry)[0] ?? "")]);
/** A callback list: LiteLLM takes one name or several, each a name or `{name: settings}`. */
const callbackNames = z.union([
  z
    .string()
    .min(1)
    .transform((name) => [name]),
  z.array(callbackName),
]);

/** The `litellm_settings` Switchyard reads; every other key there is warned about by findUnknownKeys. */
export const litellmSettingsSchema = z.looseObject({
  /** LiteLLM's default timeout for every call, in seconds; router_settings.timeout wins. */
  request_timeout: positiveNumber.optional(),
  /** LiteLLM's Router takes these from litellm_settings too; router_settings wins. */
  ...fallbackSettings,
  /** LiteLLM's default retries; router_settings.num_retries wins. */
  num_retries: nonNegativeInt.optional(),
  /** Parameters a provider cannot carry are dropped rather than refused; a deployment's own setting wins. */
  drop_params: z.boolean().optional(),
  callbacks: callbackNames.optional(),
  success_callback: callbackNames.optional(),
  failure_callback: callbackNames.optional(),
  /** LiteLLM's switch for prompts and completions in callbacks; here they are sent only when it is written `false`. */
  turn_off_message_logging: z.boolean().optional(),
});

/** LiteLLM's `callback_settings`: a named callback's own settings. Switchyard reads those of `callback_type: generic_api`. */
const callbackSettingsSchema = z.record(
  z.string(),
  z.looseObject({
    callback_type: z.string().optional(),
    endpoint: z.string().optional(),
    headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
    event_types: z.array(z.string()).optional(),
    log_format: z.string().optional(),
  }),
);

export const configFileSchema = z.looseObject({
  model_list: z.array(modelEntrySchema).default([]),
  credential_list: z.array(credentialEntrySchema).optional(),
  router_settings: routerSettingsSchema.optional(),
  general_settings: generalSettingsSchema.optional(),
  litellm_settings: litellmSettingsSchema.optional(),
  callback_settings: callbackSettingsSchema.optional(),
  environment_variables: z.record(z.string(), z.unknown()).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type CredentialEntry = z.infer<typeof credentialEntrySchema>;

/** Keys we read at each level; anything else is reported as a warning, never an error. */
export const knownKeys: Record<string, readonly string[]> = {
  "": ["model_list", "credential_list", "router_settings", "general_settings", "litellm_settings", "callback_settings", "environment_variables", "guardrails"],
  // An entry's own rpm/tpm are LiteLLM's older spelling of litellm_params.rpm/tpm (read-as-litellm.ts).
  "model_list[]": ["model_name", "litellm_params", "model_info", "rpm", "tpm"],
  "credential_list[]": Object.keys(credentialEntrySchema.shape),
  "credential_list[].credential_values": Object.keys(credentialValuesSchema.shape),
  "model_list[].litellm_params": Object.keys(litellmParamsSchema.shape),
  "model_list[].model_info": Object.keys(modelInfoSchema.shape),
  router_settings: Object.keys(routerSettingsSchema.shape),
  "router_settings.model_group_alias.*": Object.keys(modelGroupAliasItemSchema.shape),
  general_settings: Object.keys(generalSettingsSchema.shape),
  litellm_settings: Object.keys(litellmSettingsSchema.shape),
};
