import { newRequestId } from "../spend/request-id";
import { z } from "zod";
import { authorizeModel } from "../access/authorize-model";
import type { GatewayContext } from "../context";
import { connectDeployment } from "../credentials/connect-deployment";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import type { Principal } from "../keys/principal";
import { checkBudget } from "../limits/check-budget";
import { resetDueBudgets } from "../limits/reset-due-budgets";
import { validate } from "../management/parse-body";
import type { JsonObject } from "../providers/types";
import { UpstreamError } from "../providers/upstream-error";
import { readJsonBody } from "../read-json-body";
import { ephemeralSecretOf } from "../realtime/ephemeral-secret";
import { clientSecretRequest } from "../realtime/realtime-endpoints";
import { readJson, realtimeUpstreamError } from "../realtime/realtime-errors";
import { recordRequest, type RequestRecord } from "../spend/record-request";

const modelName = z.string().min(1).max(256);
const secretRequestSchema = z.looseObject({
  model: modelName.optional(),
  session: z
    .looseObject({
      model: modelName.optional(),
      audio: z.looseObject({ input: z.looseObject({ transcription: z.looseObject({ model: modelName.optional() }).nullish() }).optional() }).optional(),
      input_audio_transcription: z.looseObject({ model: modelName.optional() }).nullish(),
    })
    .optional(),
  expires_after: z.looseObject({ anchor: z.string().optional(), seconds: z.number().int().positive().optional() }).optional(),
});

/** Every model the session names: the realtime model and any transcription model. */
function transcriptionModels(session: z.infer<typeof secretRequestSchema>["session"]): string[] {
  const models = [session?.audio?.input?.transcription?.model, session?.input_audio_transcription?.model];
  return models.filter((model): model is string => typeof model === "string");
}

function tokenKeysOrThrow(ctx: GatewayContext) {
  if (!ctx.realtime.tokens) {
    throw new GatewayError("no_deployment_available", "Realtime tokens need a secret: set SWITCHYARD_SALT_KEY (or a master key to derive it from)");
  }
  return ctx.realtime.tokens;
}

/**
 * `POST /v1/realtime/client_secrets`: checks the key's access to every model the session names,
 * asks a deployment of the group for a real ephemeral key, and answers OpenAI's shape with that
 * key sealed into a Switchyard token (both `value` and `client_secret.value`).
 */
export async function createRealtimeClientSecret(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const tokens = tokenKeysOrThrow(ctx);
  const raw = await readJsonBody(request, ctx.maxBodyBytes);
  const body = validate(secretRequestSchema, raw);
  const model = body.model ?? body.session?.model;
  if (!model) throw new GatewayError("missing_model", "'model' (or 'session.model') is required", { param: "model" });

  const startTime = ctx.now();
  const record: RequestRecord = { requestId: newRequestId(), principal, operation: "realtime.client_secret", model, startTime };
  try {
    const target = authorizeModel(principal, model, ctx.catalog, (name, provider) => ctx.routes.resolve(name, provider));
    for (const transcription of transcriptionModels(body.session)) authorizeModel(principal, transcription, ctx.catalog, (name) => name);
    const current = await resetDueBudgets(principal, ctx.keys, startTime);
    checkBudget(current, ctx.spend);
    await ctx.limits.admit(current, startTime);

    // Our convenience field `model` is not the provider's: it becomes session.model and goes no further.
    const { model: _ours, session = {}, ...forwarded } = raw as JsonObject & { session?: JsonObject };
    const { deployment, answer } = await ctx.router.run(target.group, async (lease) => {
      const deployment = lease.deployment;
      try {
        const connected = await connectDeployment(ctx, deployment);
        const upstreamRequest = clientSecretRequest(connected, forwarded, { type: "realtime", ...session });
        const response = await request.timing.upstream(
          ctx.upstream.send(upstreamRequest, { signal: request.signal, timeoutMs: deployment.timeoutMs, checkAddresses: connected.storedApiBase }),
        );
        if (response.status >= 400) throw await realtimeUpstreamError(deployment, response);
        return { deployment, answer: await readJson(response, new URL(upstreamRequest.url).host) };
      } finally {
        lease.release();
      }
    });

    const { ephemeralKey, expiresAt } = ephemeralSecretOf(answer, ctx.now());
    const token = tokens.seal({
      ephemeralKey,
      deploymentId: deployment.id,
      keyToken: principal.kind === "key" ? principal.key.token : null,
      teamId: principal.kind === "key" ? principal.key.teamId : null,
      model,
      expiresAt,
    });
    recordRequest(ctx, record, { deployment, status: "success", statusCode: 200 });
    const { value: _value, client_secret: _secret, ...rest } = answer;
    return jsonResponse(200, { ...rest, value: token, expires_at: expiresAt, client_secret: { value: token, expires_at: expiresAt } });
  } catch (error) {
    const status = error instanceof GatewayError || error instanceof UpstreamError ? error.status : 500;
    recordRequest(ctx, record, { status: "failure", statusCode: status, errorMessage: (error as Error).message });
    throw error;
  }
}
