/** How a Bedrock model is called: the Converse API (any model) or InvokeModel with the model's own body (Anthropic's here). */
export type BedrockApi = "converse" | "invoke";

export interface BedrockModelRoute {
  api: BedrockApi;
  /** The model id (or inference profile, or ARN) as Bedrock's URL names it. */
  modelId: string;
}

const routes = new Map<string, BedrockModelRoute>();

/**
 * `converse/<model>` and `invoke/<model>` choose the API as LiteLLM's prefixes do; a bare model
 * id goes through Converse, which serves every model. Memoised: a deployment has one model.
 */
export function bedrockRouteOf(upstreamModel: string): BedrockModelRoute {
  let route = routes.get(upstreamModel);
  if (!route) {
    const slash = upstreamModel.indexOf("/");
    const head = slash === -1 ? "" : upstreamModel.slice(0, slash);
    route = head === "converse" || head === "invoke" ? { api: head, modelId: upstreamModel.slice(slash + 1) } : { api: "converse", modelId: upstreamModel };
    if (routes.size >= 10_000) routes.clear();
    routes.set(upstreamModel, route);
  }
  return route;
}

/** Inference profiles put a geography before the provider (`us.anthropic.claude-...`); pricing falls back to the model without it. */
const geographyPrefix = /^(us|eu|apac|au|jp|ca|us-gov|global)\./;

export function withoutGeography(modelId: string): string {
  return modelId.replace(geographyPrefix, "");
}

/** Anthropic's models on Bedrock (`anthropic.claude-...`, or a profile of one): they take Anthropic's Messages body through InvokeModel. */
export function isAnthropicModel(modelId: string): boolean {
  return withoutGeography(modelId).startsWith("anthropic.");
}
