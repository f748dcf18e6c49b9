import { gatewayRoute } from "@/server/next/web-door";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export { gatewayRoute as GET, gatewayRoute as POST, gatewayRoute as DELETE, gatewayRoute as OPTIONS };
