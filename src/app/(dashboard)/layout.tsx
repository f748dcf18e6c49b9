import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/server/auth/current-user";
import { SignOutButton } from "./sign-out-button";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return (
    <>
      <header className="topbar">
        <strong>Switchyard</strong>
        <nav aria-label="Dashboard">
          <Link href="/">Overview</Link>
          <Link href="/keys">Keys</Link>
        </nav>
        <span className="muted">{user.email}</span>
        <SignOutButton />
      </header>
      {children}
    </>
  );
}
