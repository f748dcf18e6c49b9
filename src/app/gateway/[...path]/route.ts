import { gatewayRoute } from "@/server/next/web-door";

// Every gateway path reaches this one file through the rewrite in next.config.ts; the gateway
// answers every method itself (OPTIONS too: Next's own answer carries no CORS headers).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export { gatewayRoute as GET, gatewayRoute as HEAD, gatewayRoute as POST, gatewayRoute as PUT, gatewayRoute as PATCH, gatewayRoute as DELETE, gatewayRoute as OPTIONS };
