import type { Deployment } from "../../../config/types";
import type { JsonObject } from "../types";
import { bedrockRouteOf, isAnthropicModel } from "./model-route";

/** Anthropic's models on Bedrock take `/v1/messages` as it came, through InvokeModel; other Bedrock models are translated to chat. */
export function servesMessagesOnBedrock(deployment: Deployment): boolean {
  return deployment.provider === "bedrock" && isAnthropicModel(bedrockRouteOf(deployment.upstreamModel).modelId);
}

/** Bedrock reads Anthropic's beta features from the body (`anthropic_beta`), not from a header. */
export function bedrockMessagesBody(body: JsonObject, betaHeader: string | undefined): JsonObject {
  if (betaHeader === undefined || body.anthropic_beta !== undefined) return body;
  const betas = betaHeader
    .split(",")
    .map((beta) => beta.trim())
    .filter((beta) => beta !== "");
  return betas.length > 0 ? { ...body, anthropic_beta: betas } : body;
}
