import { NextResponse, type NextRequest } from "next/server";
import { readEnv } from "./env";
import { isGatewayPath } from "./server/gateway/gateway-paths";
import { gatewayMarkHeader } from "./server/next/gateway-rewrite";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./server/security/security-headers";

const development = readEnv().NODE_ENV === "development";

/**
 * Gateway paths are marked for the rewrite to the gateway's route file (gateway-rewrite.ts) and
 * get no page headers, as under the production server. Pages get a fresh CSP nonce per request:
 * Next.js reads it from the request's CSP header and puts it on its scripts, which is why every
 * page renders dynamically (see the root layout).
 */
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  // Only this proxy may mark a request: a client's own mark is dropped.
  requestHeaders.delete(gatewayMarkHeader);
  if (isGatewayPath(request.nextUrl.pathname)) {
    requestHeaders.set(gatewayMarkHeader, "1");
    return NextResponse.next({ request: { headers: requestHeaders } });
  }
  const policy = contentSecurityPolicy({ nonce: newNonce(), development });
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}

// A CSP on a script file means nothing; the production server sets the other headers on assets too.
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
