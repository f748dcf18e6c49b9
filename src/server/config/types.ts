import type { AwsConnection, AwsEnvDefaults } from "./aws-connection";
import type { ConnectionValues } from "./connection";
import type { LongTailProviderName } from "./long-tail-providers";
import type { modelModes, routingStrategies } from "./schema";
import type { WildcardRoute } from "./wildcard-route";

export type ProviderName = "openai" | "azure" | "anthropic" | "openai_compatible" | "vertex_ai" | "gemini" | "bedrock" | LongTailProviderName;
export type ModelMode = (typeof modelModes)[number];
export type RoutingStrategy = (typeof routingStrategies)[number];

/** One upstream target of a model group, compiled from a `model_list` entry. */
export interface Deployment {
  /** `model_info.id`, or a hash of the entry, stable across restarts and instances. */
  id: string;
  modelGroup: string;
  provider: ProviderName;
  /** The provider prefix as written in the config (`openai`, `groq`, `azure`, ...). */
  providerPrefix: string;
  /** The model name the upstream expects (the config's `model` without its provider prefix). */
  upstreamModel: string;
  apiBase: string;
  apiKey?: string;
  apiVersion?: string;
  organization?: string;
  /** `extra_headers`: sent with every request to this deployment (they win over the provider's own). */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Google Vertex AI deployments only. */
  vertex?: VertexSettings;
  /** Bedrock's SigV4 signing values (region always; keys when the config or environment gives them). */
  aws?: AwsConnection;
  rpm?: number;
  tpm?: number;
  weight?: number;
  /** `litellm_params.order`: LiteLLM's in-group priority, lowest first (undefined: after every ordered one). */
  order?: number;
  /** `model_info.max_input_tokens`: the context window pre-call checks use before the cost map's. */
  maxInputTokens?: number;
  timeoutMs: number;
  /** `stream_timeout`: for streamed calls, the wait for the first byte and between chunks; else timeoutMs. */
  streamTimeoutMs?: number;
  mode: ModelMode;
  baseModel?: string;
  accessGroups: readonly string[];
  /** The deployment's own prices per token (litellm_params or model_info), over the cost map's. */
  priceOverride?: PriceOverride;
  /** LiteLLM's `drop_params` (the deployment's, else litellm_settings'): parameters a provider cannot carry are dropped, not refused. */
  dropParams?: boolean;
  /** LiteLLM's `additional_drop_params`: parameters never sent to this deployment. */
  additionalDropParams?: readonly string[];
  /** `litellm_params.tags`: for LiteLLM's tag filtering (router_settings.enable_tag_filtering). */
  tags?: readonly string[];
  /** Generation settings of `litellm_params` (temperature, max_tokens, ...): sent when the request has none of its own. */
  requestDefaults?: Readonly<Record<string, unknown>>;
  /**
   * `litellm_credential_name` naming a credential stored at run time rather than in the config's
   * `credential_list` (those are applied when the config loads). Read at each request, so a
   * rotation or a deletion takes effect on the next one; until then the fields above are the entry's own.
   */
  storedCredential?: StoredCredentialRef;
  /**
   * Set on the connected deployment when `apiBase` is the stored credential's (an admin typed it,
   * not the operator): connections to it are address-checked (UpstreamCallOptions.checkAddresses).
   */
  storedApiBase?: true;
  /** A model with `*` (`anthropic/*`, `*`): how a request's name is put into it (wildcard-route.ts). */
  wildcardRoute?: WildcardRoute;
  /** The entry's `litellm_params` and `model_info` as written, minus secrets, for `/model/info`. */
  publicParams: Record<string, unknown>;
  publicModelInfo: Record<string, unknown>;
}

export interface PriceOverride {
  inputCostPerToken?: number;
  outputCostPerToken?: number;
  cacheReadInputTokenCost?: number;
  cacheCreationInputTokenCost?: number;
}

export interface StoredCredentialRef {
  name: string;
  /** The entry's `model` and its own connection values, which win over the credential's. */
  model: string;
  own: ConnectionValues;
  azureApiVersionFromEnv?: string;
  /** What the environment gives when neither the entry nor the credential does (environmentFallbacks). */
  fallbacks?: ConnectionValues;
  awsFromEnv?: AwsEnvDefaults;
}

export interface VertexSettings {
  /** Undefined: the service account's own `project_id`. */
  project?: string;
  /** A region (`us-central1`) or `global`. */
  location: string;
  /** The service-account JSON, or the path of a file holding it; read when a token is first needed. */
  credentials?: string;
}

/** One of config.yaml's `credential_list`: read-only at run time. */
export interface ConfigCredential {
  name: string;
  values: Readonly<Record<string, string>>;
  info: Readonly<Record<string, unknown>>;
}

export interface RouterSettings {
  routingStrategy: RoutingStrategy;
  /** LiteLLM's `enable_tag_filtering`: requests' tags choose among a group's deployments (routing/tag-filter.ts). */
  tagFiltering?: boolean;
  /** LiteLLM's `enable_pre_call_checks`: skip deployments whose context window the request exceeds. */
  preCallChecks?: boolean;
  /** latency-based-routing's `routing_strategy_args`. */
  latency?: LatencyArgs;
  numRetries: number;
  allowedFails: number;
  cooldownSeconds: number;
  timeoutSeconds: number;
}

export interface LatencyArgs {
  /** How long a latency sample counts, in ms (LiteLLM's `ttl`, default an hour). */
  ttlMs: number;
  /** Deployments within (1 + buffer) x the lowest latency are picked among at random. */
  buffer: number;
  /** Samples kept per deployment (LiteLLM's `max_latency_list_size`, default 10). */
  samples: number;
}

/** `router_settings.model_group_alias`: a name that reaches a model group of `model_list`. */
export interface ModelGroupAlias {
  alias: string;
  group: string;
  /** Served, but not listed on `/v1/models`. */
  hidden: boolean;
}

/** Which model names a model group's failed requests are tried on next, in order, by kind of failure. */
export interface FallbackRules {
  general: ReadonlyMap<string, readonly string[]>;
  contextWindow: ReadonlyMap<string, readonly string[]>;
  contentPolicy: ReadonlyMap<string, readonly string[]>;
  /** For groups without an entry of their own (`default_fallbacks`, or a `"*"` entry). */
  defaults: readonly string[];
}

/** Where an `openai_moderation` guardrail sends its checks: an OpenAI-shaped `/moderations` endpoint. */
export interface ModerationTarget {
  /** `…/moderations`, absolute. */
  url: string;
  apiKey?: string;
  /** The moderation model sent in the body (`omni-moderation-latest` unless the config names one). */
  model: string;
  timeoutMs: number;
  /** The model group of model_list it is served by, when `model` named one (for messages). */
  modelGroup?: string;
}

/** One of `guardrails:` that Switchyard enforces: LiteLLM's built-in content filter, or OpenAI's moderation API. */
export interface GuardrailDefinition {
  name: string;
  /** Checks the request before it is sent (pre_call; and during_call for the content filter, which must mask first). */
  input: boolean;
  /** Checks the request while the call runs, holding the answer back until it passes (during_call). */
  during?: boolean;
  /** Checks whole answers before they are returned (post_call). */
  output: boolean;
  /** Applies to every request; otherwise only to those that name it (or whose key does). */
  defaultOn: boolean;
  patterns: ReadonlyArray<{ prebuilt: string; action: "BLOCK" | "MASK" } | { regex: string; name: string; action: "BLOCK" | "MASK" }>;
  blockedWords: ReadonlyArray<{ keyword: string; action: "BLOCK" | "MASK" }>;
  /** `guardrail: openai_moderation`: the API that judges the texts. */
  moderation?: ModerationTarget;
}

/** Which of a request's outcomes a callback is sent: LiteLLM's `success_callback`, `failure_callback`, or `callbacks` (both). */
export interface CallbackEvents {
  success: boolean;
  failure: boolean;
}

/** An OTLP/HTTP trace destination: `otel`, or a vendor's OTLP endpoint (`langfuse`, `arize`, `arize_phoenix`). */
export interface OtlpCallback {
  kind: "otlp";
  /** The name as the config wrote it (`otel`, `langfuse_otel`, ...), for messages. */
  name: string;
  /** Whose conventions to add to the GenAI ones: OpenInference's for Arize and Phoenix. */
  flavour: "otel" | "langfuse" | "arize" | "phoenix";
  events: CallbackEvents;
  /** The full traces URL (`.../v1/traces`). */
  url: string;
  /** OTLP's default, protobuf; JSON when OTEL_EXPORTER_OTLP_PROTOCOL says http/json. */
  protocol: "http/protobuf" | "http/json";
  headers: Readonly<Record<string, string>>;
  serviceName: string;
  resourceAttributes: Readonly<Record<string, string>>;
}

/** LiteLLM's `generic_api`: a JSON array of request records POSTed to a webhook, in batches. */
export interface GenericApiCallback {
  kind: "generic_api";
  name: string;
  events: CallbackEvents;
  url: string;
  headers: Readonly<Record<string, string>>;
}

export type CallbackDefinition = OtlpCallback | GenericApiCallback;

/** What `litellm_settings` asks to be told about each request. */
export interface ObservabilitySettings {
  callbacks: readonly CallbackDefinition[];
  /** Prompts and completions are sent only when `turn_off_message_logging: false` is written. */
  logMessages: boolean;
}

export interface GatewayConfig {
  /** Where it came from, for messages. */
  source: string;
  /** Exporters of `litellm_settings.callbacks` (prometheus is `/metrics` and not here). */
  observability?: ObservabilitySettings;
  fallbacks?: FallbackRules;
  guardrails?: readonly GuardrailDefinition[];
  /** `environment_variables:`, exported into the process environment at start as LiteLLM does. */
  environmentVariables?: Readonly<Record<string, string>>;
  deployments: readonly Deployment[];
  /** config.yaml's `credential_list`; their names cannot be taken by stored credentials. */
  credentials: readonly ConfigCredential[];
  router: RouterSettings;
  /** Checked against the model groups: every one names a group, none is a group itself. */
  modelGroupAliases: readonly ModelGroupAlias[];
  masterKey?: string;
  allowedOrigins: readonly string[];
  /** general_settings.background_health_checks and health_check_interval (seconds). */
  healthChecks: { background: boolean; intervalSeconds: number };
  responsesAffinity: { enabled: boolean; ttlDays: number; dropUnreadableReasoning: boolean };
  maxBodyBytes?: number;
  /** general_settings.store_model_in_db: deployments can be added, changed and deleted at run time. */
  storeModelInDb?: boolean;
  /** general_settings.proxy_batch_write_at, in ms; unset: the database's default. */
  spendWriteIntervalMs?: number;
  warnings: readonly string[];
}
