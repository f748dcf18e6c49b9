import { authorizeModel } from "../access/authorize-model";
import type { GatewayContext } from "../context";
import { callUpstream } from "../handlers/call-upstream";
import { forTarget } from "../handlers/proxy-steps";
import type { GatewayRequest, GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import { providerForDeployment } from "../providers";
import { readJsonRequest } from "../read-json-body";
import { estimateInputTokens } from "./estimate-input-tokens";
import { forwardedHeaders } from "./handle-messages";
import { countTokensRequestSchema, parseMessagesBody } from "./messages-types";
import { messagesToChatRequest } from "./translate-request";

/** The header that marks a count the gateway estimated itself rather than the model's provider. */
export const tokenCountHeader = "x-switchyard-token-count";

/**
 * `POST /v1/messages/count_tokens`: the input tokens a Messages request would use. The key must
 * be allowed the model, as for /v1/messages; no budget, rate limit or spend is counted, as a count
 * costs nothing upstream (LiteLLM treats it the same way). Anthropic deployments count it
 * themselves; for any other the request is translated as /v1/messages would translate it (so what
 * it would refuse is refused here too) and counted with OpenAI's tokenizer, marked as an estimate.
 */
export async function handleCountTokens(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const { body, text } = await readJsonRequest(request, ctx.maxBodyBytes);
  const counted = parseMessagesBody(countTokensRequestSchema, body);
  const target = authorizeModel(principal, body.model as string, ctx.catalog, (name, provider) => ctx.routes.resolve(name, provider));
  return ctx.router.run(target.group, async (lease) => {
    try {
      const deployment = forTarget(ctx, lease.deployment, target);
      const headers = { "content-type": "application/json", "x-switchyard-deployment-id": deployment.id };
      if (providerForDeployment(deployment).supports("count_tokens")) {
        const upstream = await callUpstream(ctx, deployment, "count_tokens", body, false, request, { sourceText: text, headers: forwardedHeaders(request) });
        return { status: upstream.status, headers, body: upstream.streamed ? "" : upstream.text };
      }
      // max_tokens only completes the shape the translation takes; it adds nothing to the input.
      const chatBody = messagesToChatRequest({ ...counted, max_tokens: 1 }, deployment.upstreamModel);
      const inputTokens = await estimateInputTokens(chatBody, deployment.upstreamModel);
      return { status: 200, headers: { ...headers, [tokenCountHeader]: "estimate" }, body: JSON.stringify({ input_tokens: inputTokens }) };
    } finally {
      lease.release();
    }
  });
}
