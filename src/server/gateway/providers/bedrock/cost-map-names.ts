import type { Deployment } from "../../../config/types";
import { bedrockRouteOf, withoutGeography } from "./model-route";

function namesOf(model: string, region: string | undefined): string[] {
  const { modelId } = bedrockRouteOf(model);
  const base = withoutGeography(modelId);
  const out = region ? [`bedrock/${region}/${modelId}`] : [];
  out.push(`bedrock/${modelId}`, modelId);
  // An inference profile (`us.anthropic...`) is priced at its own entry when the map has one, else at its model's.
  if (base !== modelId) out.push(`bedrock/${base}`, base);
  return out;
}

/**
 * A Bedrock deployment's cost-map names, most specific first: the region's own entry (GovCloud
 * prices differ), the model id with and without `bedrock/`, then the model behind an inference
 * profile; `base_model` likewise. `converse/` and `invoke/` choose an API, not a price.
 */
export function bedrockCostMapNames(deployment: Deployment): string[] {
  const region = deployment.aws?.region;
  const found = namesOf(deployment.upstreamModel, region);
  if (deployment.baseModel !== undefined) found.push(...namesOf(deployment.baseModel.replace(/^bedrock\//, ""), region));
  return found;
}
