import type { Attributes } from "@opentelemetry/api";
import type { OtlpCallback } from "../../config/types";
import { providerNameOf } from "./gen-ai-span";
import { inputMessagesOf, outputMessagesOf } from "./message-contents";
import type { FinishedRequest } from "./request-observer";

// What each OTLP backend reads beyond the GenAI conventions: Langfuse its langfuse.observation.*
// keys, Arize and Phoenix OpenInference's (llm.*, input.value, output.value).

export function addFlavour(flavour: OtlpCallback["flavour"], request: FinishedRequest, withContents: boolean, attributes: Attributes): void {
  if (flavour === "langfuse") {
    attributes["langfuse.observation.type"] = request.operation === "embeddings" ? "embedding" : "generation";
    if (request.cost !== undefined) attributes["langfuse.observation.cost_details"] = JSON.stringify({ total: request.cost });
    if (withContents) {
      const input = inputMessagesOf(request.operation, request.body);
      if (input !== undefined) attributes["langfuse.observation.input"] = input;
      const output = outputMessagesOf(request.operation, request.answer);
      if (output !== undefined) attributes["langfuse.observation.output"] = output;
    }
  } else if (flavour === "arize" || flavour === "phoenix") {
    attributes["openinference.span.kind"] = request.operation === "embeddings" ? "EMBEDDING" : "LLM";
    attributes["llm.model_name"] = request.deployment?.upstreamModel ?? request.model;
    if (request.deployment) attributes["llm.provider"] = providerNameOf(request.deployment);
    if (request.usage) {
      attributes["llm.token_count.prompt"] = request.usage.promptTokens;
      attributes["llm.token_count.completion"] = request.usage.completionTokens;
      attributes["llm.token_count.total"] = request.usage.promptTokens + request.usage.completionTokens;
    }
    if (withContents) {
      const input = inputMessagesOf(request.operation, request.body);
      if (input !== undefined) Object.assign(attributes, { "input.value": input, "input.mime_type": "application/json" });
      const output = outputMessagesOf(request.operation, request.answer);
      if (output !== undefined) Object.assign(attributes, { "output.value": output, "output.mime_type": "application/json" });
    }
  }
}
