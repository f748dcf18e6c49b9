/**
 * How Next.js sends every gateway path to the one route file (src/app/gateway/[...path]).
 * src/proxy.ts decides from the route table (gateway-paths.ts) and marks the request with this
 * header; a `beforeFiles` rewrite in next.config.ts follows the mark. A proxy rewrite to an
 * absolute URL would not do: when `-H` names the address, Next's proxy sees `localhost`, takes
 * the destination for another host and sends it over HTTP back to itself. A config rewrite keeps
 * `request.url` as the client sent it, escapes included, which is what the gateway reads.
 * This module is imported by next.config.ts, so it imports nothing.
 */
export const gatewayMarkHeader = "x-switchyard-gateway";

export const gatewayRewrite = {
  source: "/:path*",
  has: [{ type: "header" as const, key: gatewayMarkHeader }],
  destination: "/gateway/:path*",
};
