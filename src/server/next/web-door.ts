import { after } from "next/server";
import { readEnv } from "../../env";
import { createLogger } from "../log";
import { startGateway } from "../start-gateway";
import { fromWebRequest, toWebResponse } from "../gateway/adapters/web";
import type { Gateway } from "../gateway/create-gateway";
import { GatewayError, errorResponse } from "../gateway/errors";
import { isGatewayPath } from "../gateway/gateway-paths";
import { gatewayServesPagesOnly, sharedGateway } from "../gateway/shared-gateway";

/**
 * The gateway behind a Web `Request` -> `Response` handler: what the gateway's route file exports.
 * Under the `switchyard` server the already-running gateway is reused; under `next dev` or a
 * serverless platform the first request starts one from the environment.
 */
export async function gatewayRoute(request: Request): Promise<Response> {
  const gateway = await runningGateway();
  // Under the switchyard server the door answers every gateway path; one that got here was disguised.
  // A rewritten request keeps its own URL, so a path that is not the gateway's came to the route file by name.
  if (gatewayServesPagesOnly() || !isGatewayPath(new URL(request.url).pathname)) {
    return toWebResponse(errorResponse(new GatewayError("not_found", "Unknown route"), () => {}));
  }
  const response = toWebResponse(await gateway.handle(fromWebRequest(request)));
  // A serverless platform may freeze the instance once the answer is sent: the batched spend
  // rows are written when the response has finished (streams included), not 200 ms later.
  after(() => gateway.ctx.spend.flush());
  return response;
}

/** The gateway of this process (the dashboard reads its database and caches through it). */
export function runningGateway(): Promise<Gateway> {
  return sharedGateway(async () => {
    const env = readEnv();
    return startGateway({ configPath: env.SWITCHYARD_CONFIG, env, log: createLogger(env.SWITCHYARD_LOG_LEVEL), root: process.cwd() });
  });
}
