import type { NextConfig } from "next";
import { gatewayRewrite } from "./src/server/next/gateway-rewrite";

const nextConfig: NextConfig = {
  // Native and Node-only modules stay outside the bundle: they are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "pino", "undici"],
  poweredByHeader: false,
  // Before pages: `/spend/logs` is the gateway's though `/spend` is a page.
  rewrites: async () => ({ beforeFiles: [gatewayRewrite], afterFiles: [], fallback: [] }),
};

export default nextConfig;
