import type { ModerationTarget } from "../../config/types";
import { GatewayError } from "../errors";
import { sendBuffered, upstreamUrl, type UpstreamClient } from "../providers/upstream-client";

interface ModerationResult {
  flagged?: unknown;
  categories?: Record<string, unknown>;
}

/**
 * LiteLLM's `openai_moderation`: one `POST /moderations` with the text; a flagged result refuses
 * it (400, naming the categories). Fails closed: when the moderation API cannot answer, nothing
 * it was to check goes through (502; LiteLLM forwards the moderation API's own status instead,
 * which would tell a caller its key is wrong when the guardrail's is).
 */
export async function moderate(upstream: UpstreamClient, guardrail: string, target: ModerationTarget, text: string, where: "request" | "answer"): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const unavailable = (why: string, cause?: unknown) =>
    new GatewayError("guardrail_unavailable", `Guardrail "${guardrail}" could not check the ${where}: the moderation API at ${upstreamUrl(target.url).host} ${why}`, { cause });
  let answer;
  try {
    answer = await sendBuffered(upstream, { url: target.url, method: "POST", headers, body: JSON.stringify({ model: target.model, input: text }) }, { timeoutMs: target.timeoutMs });
  } catch (error) {
    throw unavailable("did not answer", error);
  }
  if (answer.status !== 200) throw unavailable(`answered ${answer.status}`);
  let results: unknown;
  try {
    results = (JSON.parse(answer.text) as { results?: unknown }).results;
  } catch {
    throw unavailable("answered with a body that is not JSON");
  }
  if (!Array.isArray(results)) throw unavailable("answered without results");
  const flagged = (results as ModerationResult[]).filter((result) => result?.flagged === true);
  if (flagged.length === 0) return;
  const categories = [...new Set(flagged.flatMap((result) => Object.entries(result.categories ?? {}).flatMap(([name, hit]) => (hit === true ? [name] : []))))];
  throw new GatewayError(
    "guardrail_blocked",
    `Blocked by guardrail "${guardrail}": the ${where} violates OpenAI's moderation policy${categories.length ? ` (${categories.join(", ")})` : ""}`,
    { param: where === "request" ? "messages" : null },
  );
}
