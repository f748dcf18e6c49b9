// Every key LiteLLM documents for config.yaml (docs/proxy/config_settings.md, configs.md), and
// what Switchyard does with it: the one source of docs/litellm-keys.md, whose table
// litellm-keys.test.ts renders from this list and checks, along with every "warned" key
// producing a start-up warning that names its path.

export type KeyStatus = "honoured" | "warned" | "refused";

export interface LitellmKey {
  /** The YAML path; `[]` stands for any entry of a list, `*` for any name. */
  path: string;
  status: KeyStatus;
  why: string;
  /** A value that sets the key, for the test; keys without one are covered by the rows' own tests. */
  sample?: unknown;
}

const warnedUnused = (path: string, why = "not used by Switchyard", sample: unknown = true): LitellmKey => ({ path, status: "warned", why, sample });
const honoured = (path: string, why: string, sample?: unknown): LitellmKey => ({ path, status: "honoured", why, sample });

/** Keys of one section that are warned as not used, with one shared reason. */
const unusedIn = (section: string, keys: readonly string[], why?: string): LitellmKey[] => keys.map((key) => warnedUnused(`${section}.${key}`, why));

export const litellmKeys: readonly LitellmKey[] = [
  // Top level
  honoured("model_list", "the deployments; see configuration.md"),
  honoured("credential_list", "LiteLLM's reusable credentials, merged under a deployment's own values"),
  honoured("environment_variables", "answers `os.environ/` references first and is exported at start"),
  warnedUnused("environment_variables.SWITCHYARD_LOG_LEVEL", "read from the environment before the config: set it there", "debug"),
  {
    path: "guardrails",
    status: "refused",
    why: "LiteLLM's `litellm_content_filter` and `openai_moderation` are honoured; any other integration, mode or `categories` stops start-up with its path (requests would go unfiltered) unless SWITCHYARD_SKIP_UNAVAILABLE_GUARDRAILS=1",
  },
  {
    path: "callback_settings",
    status: "warned",
    why: "an entry with `callback_type: generic_api` named in litellm_settings.callbacks is a webhook; any other entry is warned by its path",
    sample: { my_hook: { callback_type: "generic_api" } },
  },
  ...unusedIn("", ["worker_registry", "finetune_settings", "files_settings", "mcp_servers", "vector_store_registry", "prompts", "search_tools"]).map((key) => ({
    ...key,
    path: key.path.slice(1),
  })),

  // model_list[]
  honoured("model_list[].model_name", "the model group clients ask for; wildcards (`anthropic/*`, `*`) as LiteLLM's pattern router reads them"),
  { path: "model_list[].model_name", status: "refused", why: "missing (LiteLLM's Router needs it too): `model_list[0].model_name: is required`" },
  honoured("model_list[].rpm", "LiteLLM's older place for `litellm_params.rpm`, moved there when that is unset", 10),
  honoured("model_list[].tpm", "likewise for `litellm_params.tpm`", 1000),
  honoured("model_list[].litellm_params.model", "`provider/model`; a bare name is OpenAI's. An unknown prefix, or more `*` than model_name has, is refused with its path"),
  honoured("model_list[].litellm_params.custom_llm_provider", "put before `model` as its provider prefix, as LiteLLM's get_llm_provider does", "openai"),
  ...["api_key", "api_base", "api_version", "organization"].map((key) =>
    honoured(`model_list[].litellm_params.${key}`, "how the deployment reaches its provider; a missing one falls back to the provider's variable (`GROQ_API_KEY`, ...)"),
  ),
  ...["vertex_project", "vertex_location", "vertex_credentials", "vertex_ai_project", "vertex_ai_location"].map((key) =>
    honoured(`model_list[].litellm_params.${key}`, "Vertex AI: see configuration.md"),
  ),
  ...["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_region_name", "aws_bedrock_runtime_endpoint"].map((key) =>
    honoured(`model_list[].litellm_params.${key}`, "Bedrock's SigV4 signing"),
  ),
  ...["aws_role_name", "aws_session_name", "aws_external_id", "aws_web_identity_token", "aws_sts_endpoint"].map((key) =>
    honoured(`model_list[].litellm_params.${key}`, "an IAM role assumed through STS; `oidc/...` web identity tokens are warned (LiteLLM fetches those itself)"),
  ),
  warnedUnused("model_list[].litellm_params.aws_profile_name", "AWS profiles are not read: keys, a session token, a role or the environment's are used", "x"),
  ...["azure_ad_token", "tenant_id", "client_id", "client_secret", "azure_username", "azure_password", "azure_scope"].map((key) =>
    warnedUnused(`model_list[].litellm_params.${key}`, "Azure AD (Entra ID) sign-in is not done: use api_key", "x"),
  ),
  honoured("model_list[].litellm_params.litellm_credential_name", "a credential of credential_list, or one stored at run time"),
  ...["rpm", "tpm", "weight"].map((key) => honoured(`model_list[].litellm_params.${key}`, "load balancing weights and the deployment's headroom", 10)),
  honoured("model_list[].litellm_params.timeout", "seconds to the answer's headers and between chunks; LiteLLM's 408, counted for cooldown", 30),
  honoured("model_list[].litellm_params.order", "the deployment's priority in its group: lower first, higher only when the lower are unavailable", 1),
  honoured("model_list[].litellm_params.stream_timeout", "the same for streamed calls", 30),
  warnedUnused(
    "model_list[].litellm_params.max_retries",
    "LiteLLM's client retries the same deployment; Switchyard retries on the group's other deployments (router_settings.num_retries)",
    3,
  ),
  ...["input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost"].map((key) =>
    honoured(`model_list[].litellm_params.${key}`, "the deployment's own price, over the cost map's", 0.000001),
  ),
  ...["input_cost_per_second", "output_cost_per_second"].map((key) =>
    warnedUnused(`model_list[].litellm_params.${key}`, "per-second pricing is not applied; spend is priced per token", 0.001),
  ),
  ...["temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "presence_penalty", "frequency_penalty", "seed"].map((key) =>
    honoured(`model_list[].litellm_params.${key}`, "the deployment's default for requests that do not set it; not a number: warned and not sent", key === "stop" ? "END" : 1),
  ),
  honoured("model_list[].litellm_params.drop_params", "parameters a provider cannot carry are dropped instead of refused", true),
  honoured("model_list[].litellm_params.additional_drop_params", "never sent to this deployment", ["seed"]),
  honoured("model_list[].litellm_params.tags", "tag routing (router_settings.enable_tag_filtering)", ["eu"]),
  honoured("model_list[].litellm_params.extra_headers", "sent with every request, never shown", { "x-a": "b" }),
  ...unusedIn("model_list[].litellm_params", [
    "max_parallel_requests",
    "region_name",
    "mock_response",
    "max_budget",
    "budget_duration",
    "cooldown_time",
    "num_retries",
    "prompt_id",
    "use_in_pass_through",
    "use_chat_completions_api",
    "configurable_clientside_auth_params",
    "merge_reasoning_content_in_choices",
    "tag_regex",
    "ssl_verify",
    "itpm",
    "otpm",
  ]),
  warnedUnused("model_list[].litellm_params.<any other key>", "not used by Switchyard (LiteLLM passes unknown keys to the provider call)"),

  // model_info
  honoured("model_list[].model_info.id", "the deployment's id (else a stable hash of the entry); duplicates are refused"),
  honoured("model_list[].model_info.mode", "what the deployment serves", "chat"),
  honoured("model_list[].model_info.base_model", "the cost-map name spend is priced by", "gpt-4o"),
  honoured("model_list[].model_info.access_groups", "model access groups keys may name", ["g"]),
  honoured("model_list[].model_info.max_input_tokens", "the context window pre-call checks use, before the cost map's", 1000),
  ...["input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost"].map((key) =>
    honoured(`model_list[].model_info.${key}`, "the deployment's own price, over the cost map's (litellm_params' wins)", 0.000001),
  ),
  ...unusedIn("model_list[].model_info", ["max_tokens", "max_output_tokens", "description", "tier", "team_id", "supports_vision", "supports_function_calling"]),

  // credential_list[]
  honoured("credential_list[].credential_name", "the name deployments give in litellm_credential_name"),
  honoured("credential_list[].credential_values", "api_key, api_base, api_version, organization, vertex_*, aws_*: the same meaning as in litellm_params"),
  honoured("credential_list[].credential_info", "kept and shown with the credential"),

  // router_settings
  honoured(
    "router_settings.routing_strategy",
    "every LiteLLM name: `simple-shuffle`, `least-busy`, `usage-based-routing(-v2)`, `latency-based-routing`, `cost-based-routing`",
    "latency-based-routing",
  ),
  honoured("router_settings.enable_pre_call_checks", "deployments whose context window the request exceeds are skipped", true),
  {
    path: "router_settings.routing_strategy_args",
    status: "warned",
    why: "`ttl`, `lowest_latency_buffer`, `max_latency_list_size` are honoured with latency-based-routing; other args, or with another strategy, are warned",
    sample: { unknown_arg: 1 },
  },
  ...["num_retries", "allowed_fails", "cooldown_time", "timeout"].map((key) =>
    honoured(`router_settings.${key}`, "retries on other deployments, cooldown and the call timeout, with LiteLLM's meaning", 2),
  ),
  ...["fallbacks", "context_window_fallbacks", "content_policy_fallbacks"].map((key) => honoured(`router_settings.${key}`, "see Fallbacks in configuration.md")),
  honoured("router_settings.default_fallbacks", "for groups with no entry of their own"),
  honoured("router_settings.model_group_alias", "other names a model group answers to"),
  honoured("router_settings.enable_tag_filtering", "tag routing", true),
  ...unusedIn("router_settings", [
    "redis_host",
    "redis_port",
    "redis_password",
    "redis_url",
    "optional_pre_call_checks",
    "disable_cooldowns",
    "tag_filtering_match_any",
    "tag_routing_prefix",
    "retry_policy",
    "allowed_fails_policy",
    "model_group_retry_policy",
    "retry_after",
    "cache_responses",
    "default_litellm_params",
    "deployment_affinity_ttl_seconds",
    "provider_budget_config",
  ]),

  // general_settings
  honoured("general_settings.master_key", "the admin key"),
  { path: "general_settings.master_key", status: "refused", why: "a weak value (`sk-1234`, a placeholder, under 16 characters) when the server listens beyond loopback" },
  honoured("general_settings.max_request_size_mb", "the request body limit", 5),
  honoured("general_settings.proxy_batch_write_at", "seconds between batched spend writes", 1),
  honoured("general_settings.allowed_origins", "browser origins allowed on the OpenAI routes", ["*"]),
  honoured("general_settings.background_health_checks", "checks every deployment in the background; `GET /health` answers the latest results", true),
  honoured("general_settings.health_check_interval", "seconds between background checks (default 300)", 60),
  honoured("general_settings.store_model_in_db", "deployments added at run time (/model/new, the Models page), kept in the database", true),
  ...unusedIn("general_settings", [
    "database_url",
    "database_connection_pool_limit",
    "database_connection_timeout",
    "completion_model",
    "store_prompts_in_spend_logs",
    "forward_client_headers_to_llm_api",
    "disable_spend_logs",
    "disable_spend_updates",
    "disable_master_key_return",
    "disable_reset_budget",
    "disable_adding_master_key_hash_to_db",
    "disable_responses_id_security",
    "enforce_user_param",
    "enable_jwt_auth",
    "litellm_jwtauth",
    "allowed_routes",
    "key_management_system",
    "custom_auth",
    "max_parallel_requests",
    "global_max_parallel_requests",
    "infer_model_from_keys",
    "alerting",
    "alerting_threshold",
    "pass_through_endpoints",
    "maximum_spend_logs_retention_period",
    "allow_requests_on_db_unavailable",
    "use_client_credentials_pass_through_routes",
  ]),

  // litellm_settings
  honoured("litellm_settings.request_timeout", "the default call timeout; router_settings.timeout wins", 60),
  honoured("litellm_settings.num_retries", "the default of router_settings.num_retries", 2),
  honoured("litellm_settings.drop_params", "as LiteLLM means it; a deployment's own wins", true),
  ...["fallbacks", "context_window_fallbacks", "content_policy_fallbacks", "default_fallbacks"].map((key) => honoured(`litellm_settings.${key}`, "as in router_settings, which wins")),
  ...["callbacks", "success_callback", "failure_callback"].map((key) =>
    honoured(
      `litellm_settings.${key}`,
      "`prometheus` (GET /metrics), `otel`, `langfuse`, `arize`, `arize_phoenix` (OTLP traces) and `generic_api` (a JSON webhook), batched off the request path; see Callbacks in configuration.md",
      ["prometheus"],
    ),
  ),
  ...["callbacks", "success_callback", "failure_callback"].map((key): LitellmKey => ({
    path: `litellm_settings.${key}`,
    status: "warned",
    why: "any other callback name (`langsmith`, `helicone`, ...), by its path (`litellm_settings.callbacks[0]`): nothing is sent to it",
    sample: ["langsmith"],
  })),
  honoured("litellm_settings.turn_off_message_logging", "message contents go to callbacks only when this is written `false` (LiteLLM sends them by default)", false),
  ...unusedIn("litellm_settings", [
    "service_callback",
    "redact_user_api_key_info",
    "modify_params",
    "enable_preview_features",
    "langfuse_default_tags",
    "set_verbose",
    "json_logs",
    "force_ipv4",
    "cache",
    "cache_params",
    "enable_redis_auth_cache",
    "cost_discount_config",
    "cost_margin_config",
    "key_generation_settings",
    "disable_end_user_cost_tracking",
    "default_team_settings",
    "default_team_params",
    "default_internal_user_params",
    "default_key_generate_params",
    "upperbound_key_generate_params",
    "max_budget",
    "max_internal_user_budget",
    "budget_duration",
    "ssl_verify",
    "return_response_headers",
    "telemetry",
    "add_function_to_prompt",
    "enable_json_schema_validation",
    "mcp_aliases",
    "store_audit_logs",
  ]),
  warnedUnused("<any other key of any section>", "not used by Switchyard"),
];

const statusOrder: Record<KeyStatus, number> = { honoured: 0, warned: 1, refused: 2 };

/** The markdown table of docs/litellm-keys.md. */
export function renderLitellmKeysTable(keys: readonly LitellmKey[] = litellmKeys): string {
  const rows = [...keys].sort((a, b) => a.path.localeCompare(b.path) || statusOrder[a.status] - statusOrder[b.status]);
  const escape = (text: string) => text.replaceAll("|", "\\|");
  return ["| key | here | why |", "| --- | --- | --- |", ...rows.map((key) => `| \`${escape(key.path)}\` | ${key.status} | ${escape(key.why)} |`)].join("\n");
}
