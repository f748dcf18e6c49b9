import type { GatewayContext } from "../context";
import { jsonResponse, type GatewayResponse } from "../http";

/** `GET /model/info`: every deployment with its params and model info, never its API key. */
export function modelInfo(ctx: GatewayContext): GatewayResponse {
  const { map } = ctx.costMaps.active.current();
  const data = ctx.config.deployments.map((deployment) => {
    const price = map.priceForDeployment(deployment);
    return {
      model_name: deployment.modelGroup,
      litellm_params: deployment.publicParams,
      model_info: {
        ...deployment.publicModelInfo,
        mode: deployment.mode,
        litellm_provider: deployment.providerPrefix,
        input_cost_per_token: deployment.priceOverride?.inputCostPerToken ?? price?.input ?? null,
        output_cost_per_token: deployment.priceOverride?.outputCostPerToken ?? price?.output ?? null,
        max_output_tokens: price?.maxOutputTokens ?? null,
      },
    };
  });
  return jsonResponse(200, { data });
}
