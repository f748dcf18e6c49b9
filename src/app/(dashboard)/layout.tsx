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
          <Link href="/rules">Model access</Link>
          <Link href="/cost-map">Cost map</Link>
          {user.isAdmin && <Link href="/provider-credentials">Credentials</Link>}
          <Link href="/model-groups">Models</Link>
          <Link href="/spend">Spend</Link>
          <Link href="/logs">Request logs</Link>
          <Link href="/usage">Usage</Link>
          <Link href="/affinity">Affinity</Link>
          <Link href="/audit">Audit</Link>
          <Link href="/realtime">Realtime</Link>
          <Link href="/members">Members</Link>
        </nav>
        <span className="muted">{user.email}</span>
        <SignOutButton />
      </header>
      {children}
    </>
  );
}
