import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// The CSP nonce (src/proxy.ts) is per request, so no page may be prerendered without it.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  // Each page names itself: "Keys · Switchyard".
  title: { template: "%s · Switchyard", default: "Switchyard" },
  description: "LLM gateway with a team dashboard",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
