import { inputOf, responseFacts } from "./message-contents";
import type { FinishedRequest } from "./request-observer";

// LiteLLM's StandardLoggingPayload, the JSON its generic_api callback posts: the fields Switchyard
// knows, under LiteLLM's names, so a receiver written for LiteLLM reads these too.

/** LiteLLM's call_type for each of Switchyard's operations. */
const callTypes: Record<string, string> = { chat: "acompletion", responses: "aresponses", embeddings: "aembedding", messages: "anthropic_messages" };

export function genericApiPayload(request: FinishedRequest, withContents: boolean): Record<string, unknown> {
  const { deployment, usage } = request;
  const facts = responseFacts(request.operation, request.answer);
  const promptTokens = usage?.promptTokens ?? 0;
  const completionTokens = usage?.completionTokens ?? 0;
  return {
    id: request.requestId,
    call_type: callTypes[request.operation] ?? request.operation,
    stream: request.streamed,
    status: request.status,
    response_cost: request.cost ?? 0,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    // LiteLLM's times are epoch seconds.
    startTime: request.startTime / 1000,
    endTime: request.endTime / 1000,
    response_time: (request.endTime - request.startTime) / 1000,
    model: facts.model ?? deployment?.upstreamModel ?? request.model,
    requested_model: request.model,
    model_id: deployment?.id ?? null,
    model_group: deployment?.modelGroup ?? null,
    custom_llm_provider: deployment?.providerPrefix ?? null,
    api_base: deployment?.apiBase ?? null,
    response_id: facts.id ?? null,
    cache_hit: false,
    metadata: {
      user_api_key_hash: request.keyHash ?? null,
      user_api_key_alias: request.keyAlias ?? null,
      user_api_key_team_id: request.teamId ?? null,
      switchyard: { status_code: request.statusCode, affinity: request.affinity ?? null, attempted_fallbacks: request.attemptedFallbacks },
    },
    messages: withContents ? (inputOf(request.operation, request.body) ?? null) : null,
    // The whole answer, as LiteLLM sends its response object.
    response: withContents ? (request.answer ?? null) : null,
    error_str: request.errorMessage ?? null,
    error_information: request.status === "failure" ? { error_code: String(request.statusCode), error_class: request.errorType ?? null } : null,
  };
}
