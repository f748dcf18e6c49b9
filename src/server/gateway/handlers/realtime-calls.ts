import { newRequestId } from "../spend/request-id";
import { authorizeModel } from "../access/authorize-model";
import type { GatewayContext } from "../context";
import { connectDeployment } from "../credentials/connect-deployment";
import { GatewayError } from "../errors";
import type { GatewayRequest, GatewayResponse } from "../http";
import { presentedKey } from "../keys/authenticate";
import type { Principal } from "../keys/principal";
import { checkBudget } from "../limits/check-budget";
import { resetDueBudgets } from "../limits/reset-due-budgets";
import { UpstreamError } from "../providers/upstream-error";
import { callRequest } from "../realtime/realtime-endpoints";
import { realtimeUpstreamError, textOf } from "../realtime/realtime-errors";
import { looksLikeRealtimeToken, type RealtimeTokenClaims } from "../realtime/realtime-token";
import { recordRequest, type RequestRecord } from "../spend/record-request";

const useTokenMessage = "This endpoint takes the short-lived token from POST /v1/realtime/client_secrets (its client_secret.value), not an API key";

/** The token's claims and the key it was minted for, which must still be valid right now. */
async function openToken(ctx: GatewayContext, request: GatewayRequest): Promise<{ claims: RealtimeTokenClaims; principal: Principal }> {
  const presented = presentedKey(request);
  if (!presented) throw new GatewayError("missing_api_key", `Missing token. ${useTokenMessage}.`);
  if (!looksLikeRealtimeToken(presented)) throw new GatewayError("invalid_token", `${useTokenMessage}.`);
  const opened = ctx.realtime.tokens?.open(presented, Math.floor(ctx.now() / 1000));
  if (!opened || !opened.ok) {
    if (opened?.reason === "expired") {
      throw new GatewayError("token_expired", `Token expired at ${new Date(opened.expiresAt! * 1000).toISOString()}; mint a new one with POST /v1/realtime/client_secrets`);
    }
    throw new GatewayError("invalid_token", "Invalid realtime token");
  }
  const { claims } = opened;
  if (claims.keyToken === null) return { claims, principal: { kind: "master" } };
  // Revocation reaches tokens in flight: a blocked, expired or deleted key ends them.
  const key = await ctx.keys.findKey(claims.keyToken);
  if (!key) throw new GatewayError("invalid_token", "The key this token was issued to no longer exists");
  if (key.blocked) throw new GatewayError("key_blocked", "The key this token was issued to is blocked");
  if (key.expires && key.expires.getTime() <= ctx.now()) throw new GatewayError("key_expired", "The key this token was issued to has expired");
  return { claims, principal: { kind: "key", key, team: key.teamId ? await ctx.keys.findTeam(key.teamId) : undefined } };
}

function offerContentType(request: GatewayRequest): string {
  const contentType = request.header("content-type") ?? "";
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (mediaType === "application/sdp" || mediaType === "multipart/form-data") return contentType;
  throw new GatewayError("unsupported_media_type", "Send the SDP offer as application/sdp, or as multipart/form-data with 'sdp' and 'session' fields");
}

/**
 * `POST /v1/realtime/calls`: the browser's SDP offer, authorised by a Switchyard realtime token,
 * goes to the deployment that minted the ephemeral key inside it (never load-balanced again),
 * and its SDP answer comes back as it was. Once the call exists, the sideband meter watches it.
 */
export async function createRealtimeCall(ctx: GatewayContext, request: GatewayRequest): Promise<GatewayResponse> {
  const { claims, principal } = await openToken(ctx, request);
  const contentType = offerContentType(request);
  const offer = (await request.readBody(ctx.maxBodyBytes)).toString("utf8");
  if (offer.trim() === "") throw new GatewayError("invalid_request", "The SDP offer is empty", { param: "sdp" });
  const configured = ctx.config.deployments.find((candidate) => candidate.id === claims.deploymentId);
  if (!configured) throw new GatewayError("conflict", "The deployment that issued this token is no longer configured; mint a new token");
  // The sideband meter keeps this one for the whole call: a credential rotated mid-call applies to the next.
  const deployment = await connectDeployment(ctx, configured);

  const record: RequestRecord = { requestId: newRequestId(), principal, operation: "realtime.call", model: claims.model, startTime: ctx.now() };
  try {
    // The token says what the key could do when it was minted; a call is held to what it may do
    // now, by the same checks as chat: a model removed from the key's list or a spent budget ends it.
    authorizeModel(principal, claims.model, ctx.catalog, (name) => name);
    const current = await resetDueBudgets(principal, ctx.keys, record.startTime);
    record.principal = current;
    checkBudget(current, ctx.spend);
    const response = await request.timing.upstream(
      ctx.upstream.send(callRequest(deployment, claims.ephemeralKey, contentType, offer), {
        signal: request.signal,
        timeoutMs: deployment.timeoutMs,
        checkAddresses: deployment.storedApiBase,
      }),
    );
    if (response.status >= 400) throw await realtimeUpstreamError(deployment, response);
    const answer = await textOf(response);
    const location = response.headers.location;
    const headers: Record<string, string> = { "content-type": "application/sdp", "x-switchyard-deployment-id": deployment.id };
    if (typeof location === "string") headers.location = location;
    recordRequest(ctx, record, { deployment, status: "success", statusCode: response.status });
    const callId = typeof location === "string" ? /\/calls\/([^/?#]+)/.exec(location)?.[1] : undefined;
    if (callId) ctx.realtime.meter.watch({ callId, deployment, principal: current, model: claims.model });
    return { status: response.status, headers, body: answer };
  } catch (error) {
    const status = error instanceof GatewayError || error instanceof UpstreamError ? error.status : 500;
    recordRequest(ctx, record, { deployment, status: "failure", statusCode: status, errorMessage: (error as Error).message });
    throw error;
  }
}
