import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import type { GatewayRequest } from "../http";
import { readUsage, type Usage } from "../pricing/usage";
import type { JsonObject, StreamTranslator } from "../providers/types";
import { callUpstream, type UpstreamAnswer } from "../handlers/call-upstream";
import { isJsonObject } from "../providers/anthropic-stream";
import type { SseEvent } from "../stream/sse";
import type { MessagesRequest } from "./messages-types";
import { messagesToChatRequest } from "./translate-request";
import { chatResponseToMessage } from "./translate-response";
import { ChatToMessagesStream } from "./translate-stream";

/**
 * What the Messages door relays: the upstream's answer, and, when the deployment does not speak
 * the Messages API, how to turn that answer into Anthropic's shape. Without `toMessages` the
 * answer already is Anthropic's and passes through untouched.
 */
export interface MessagesUpstream {
  upstream: UpstreamAnswer;
  toMessages?: {
    /** A whole answer (`upstream.json`) as an Anthropic message. */
    json(body: unknown): unknown;
    /** The usage spend records for a whole answer, read as chat reads it (reasoning tokens included). */
    usage(body: unknown): Usage | undefined;
    /** Per stream: the upstream's events in, Anthropic event payloads out (each JSON with its `type`; the relay names the SSE event by it). */
    stream(): StreamTranslator;
  };
}

/**
 * A chat completion stream as Anthropic's events, for the relay. Usage is kept as the upstream
 * reported it, so spend is recorded exactly as for the same call on /v1/chat/completions.
 */
class ChatStreamAsMessages implements StreamTranslator {
  private readonly stream: ChatToMessagesStream;
  private lastUsage: Usage | undefined;

  constructor(requestedModel: string) {
    this.stream = new ChatToMessagesStream(requestedModel);
  }

  translate(event: SseEvent): string[] {
    let chunk: unknown = event.data;
    if (event.data !== "[DONE]") {
      try {
        chunk = JSON.parse(event.data);
      } catch {
        return []; // Not a chunk (a keep-alive of some servers): nothing to translate.
      }
      if (isJsonObject(chunk) && isJsonObject(chunk.usage)) this.lastUsage = readUsage(chunk.usage);
    }
    return this.stream.push(chunk).map(({ data }) => JSON.stringify(data));
  }

  /** A stream that closed without `[DONE]` still ends with message_stop, or with an error event if it was cut short. */
  end(): string[] {
    return this.stream.end().map(({ data }) => JSON.stringify(data));
  }

  recordedUsage(): Usage | undefined {
    return this.lastUsage;
  }
}

/**
 * One Messages request to a deployment that speaks Chat Completions (openai, azure,
 * OpenAI-compatible) or translates to it (Ollama, ...): translated to a chat body (a request chat cannot express is a 400 naming the
 * field, an UntranslatableError, never an answer to another question), sent as chat, and answered
 * in Anthropic's shape. An UpstreamError lets the router try another deployment.
 */
export async function forwardTranslated(
  ctx: GatewayContext,
  deployment: Deployment,
  body: JsonObject,
  streamed: boolean,
  client: Pick<GatewayRequest, "signal" | "timing">,
): Promise<MessagesUpstream> {
  // handleMessages checked the body against messagesRequestSchema (readMessagesRequest), whose only
  // change, trimming `model`, is not read here: checking again would repeat it on every attempt.
  const request = body as MessagesRequest;
  // The model as the client named it, which the answer's `model` echoes; the deployment is in the answer's headers.
  const requestedModel = request.model;
  const chatBody = messagesToChatRequest(request, deployment.upstreamModel);
  const upstream = await callUpstream(ctx, deployment, "chat", chatBody, streamed, client);
  // A provider with a wire format of its own (Ollama, Bedrock's Converse, ...) first becomes chat, then Anthropic's shape.
  const { provider } = upstream;
  const asChat = (answer: unknown) => (provider.translateResponse ? provider.translateResponse("chat", answer, chatBody, deployment) : answer);
  return {
    upstream,
    toMessages: {
      json: (answer) => chatResponseToMessage(asChat(answer), requestedModel),
      usage: (answer) => {
        const chat = asChat(answer);
        return readUsage(isJsonObject(chat) ? chat.usage : undefined);
      },
      stream: () => chained(provider.createStreamTranslator?.("chat", deployment), new ChatStreamAsMessages(requestedModel)),
    },
  };
}

/** The provider's stream translation (its events in, chat chunks out) feeding the chat-to-Messages one; the provider's framing. */
function chained(toChat: StreamTranslator | undefined, toMessages: ChatStreamAsMessages): StreamTranslator {
  if (!toChat) return toMessages;
  const onward = (data: string) => toMessages.translate({ data, raw: data });
  return {
    framing: toChat.framing,
    translate: (event) => toChat.translate(event).flatMap(onward),
    end: () => [...(toChat.end?.() ?? []).flatMap(onward), ...toMessages.end()],
    recordedUsage: () => toChat.recordedUsage?.() ?? toMessages.recordedUsage(),
  };
}
