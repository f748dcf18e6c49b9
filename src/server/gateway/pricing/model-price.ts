/** One model's prices per token, compiled from a cost-map entry once at load. */
export interface PriceTier {
  /** Applies when the prompt has more than this many tokens. */
  aboveTokens: number;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
}

export interface ModelPrice {
  provider?: string;
  mode?: string;
  maxOutputTokens?: number;
  /** `max_input_tokens`: the context window enable_pre_call_checks compares a request with. */
  maxInputTokens?: number;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheCreation?: number;
  audioInput?: number;
  audioOutput?: number;
  reasoning?: number;
  /** Highest threshold first. */
  tiers: PriceTier[];
}

const tierField = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$/;
const tierTargets = {
  input_cost_per_token: "input",
  output_cost_per_token: "output",
  cache_read_input_token_cost: "cacheRead",
  cache_creation_input_token_cost: "cacheCreation",
} as const;

function price(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function compileModelPrice(entry: Record<string, unknown>): ModelPrice {
  const tiers = new Map<number, PriceTier>();
  for (const [field, value] of Object.entries(entry)) {
    const match = tierField.exec(field);
    const amount = price(value);
    if (!match || amount === undefined) continue;
    const aboveTokens = Number(match[2]) * 1000;
    const tier = tiers.get(aboveTokens) ?? { aboveTokens };
    tier[tierTargets[match[1] as keyof typeof tierTargets]] = amount;
    tiers.set(aboveTokens, tier);
  }
  return {
    provider: typeof entry.litellm_provider === "string" ? entry.litellm_provider : undefined,
    mode: typeof entry.mode === "string" ? entry.mode : undefined,
    maxOutputTokens: price(entry.max_output_tokens) ?? price(entry.max_tokens),
    maxInputTokens: price(entry.max_input_tokens),
    input: price(entry.input_cost_per_token),
    output: price(entry.output_cost_per_token),
    cacheRead: price(entry.cache_read_input_token_cost),
    cacheCreation: price(entry.cache_creation_input_token_cost),
    audioInput: price(entry.input_cost_per_audio_token),
    audioOutput: price(entry.output_cost_per_audio_token),
    reasoning: price(entry.output_cost_per_reasoning_token),
    tiers: [...tiers.values()].sort((a, b) => b.aboveTokens - a.aboveTokens),
  };
}

export function hasTokenPrices(modelPrice: ModelPrice): boolean {
  return modelPrice.input !== undefined || modelPrice.output !== undefined;
}
