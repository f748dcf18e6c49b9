import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and Node-only modules stay outside the bundle: they are loaded from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "pino", "undici"],
  poweredByHeader: false,
};

export default nextConfig;
