import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default function SetPasswordLayout({ children }: { children: ReactNode }) {
  return children;
}
