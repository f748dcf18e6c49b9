import type { modelModes, routingStrategies } from "./schema";

export type ProviderName = "openai" | "azure" | "anthropic" | "openai_compatible";
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
  rpm?: number;
  tpm?: number;
  weight?: number;
  timeoutMs: number;
  maxRetries?: number;
  mode: ModelMode;
  baseModel?: string;
  accessGroups: readonly string[];
  priceOverride?: { inputCostPerToken?: number; outputCostPerToken?: number };
  /** The entry's `litellm_params` and `model_info` as written, minus secrets, for `/model/info`. */
  publicParams: Record<string, unknown>;
  publicModelInfo: Record<string, unknown>;
}

export interface RouterSettings {
  routingStrategy: RoutingStrategy;
  numRetries: number;
  allowedFails: number;
  cooldownSeconds: number;
  timeoutSeconds: number;
}

export interface GatewayConfig {
  /** Where it came from, for messages. */
  source: string;
  deployments: readonly Deployment[];
  router: RouterSettings;
  masterKey?: string;
  allowedOrigins: readonly string[];
  responsesAffinity: { enabled: boolean; ttlDays: number; dropUnreadableReasoning: boolean };
  maxBodyBytes?: number;
  warnings: readonly string[];
}
