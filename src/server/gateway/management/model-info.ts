import type { GatewayContext } from "../context";
import { modelInfoEntries } from "../deployments/deployment-views";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";

/**
 * `GET /model/info` (`?litellm_model_id=` for one) and `GET /v2/model/info` (`?model_name=`,
 * `?modelId=`): every deployment with its params and model info, never a secret.
 */
export function modelInfo(ctx: GatewayContext, request: GatewayRequest): GatewayResponse {
  const id = request.query.get("litellm_model_id") ?? request.query.get("modelId") ?? request.query.get("model_id");
  const name = request.query.get("model_name") ?? request.query.get("model");
  const data = modelInfoEntries(ctx).filter((entry) => (id === null || entry.model_info.id === id) && (name === null || entry.model_name === name));
  return jsonResponse(200, { data });
}
