import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/server/auth/current-user";
import { DashboardNav, type NavLink } from "./dashboard-nav";
import { SignOutButton } from "./sign-out-button";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const links: NavLink[] = [
    { href: "/", label: "Overview" },
    { href: "/keys", label: "Keys" },
    { href: "/rules", label: "Model access" },
    { href: "/spend", label: "Spend" },
    { href: "/logs", label: "Request logs" },
    { href: "/usage", label: "Usage" },
    { href: "/members", label: "Members" },
    { href: "/audit", label: "Audit" },
    { href: "/affinity", label: "Affinity" },
    { href: "/model-groups", label: "Models" },
    { href: "/cost-map", label: "Cost map" },
    ...(user.isAdmin ? [{ href: "/provider-credentials", label: "Credentials" }] : []),
    { href: "/realtime", label: "Realtime" },
  ];
  return (
    <>
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <strong>Switchyard</strong>
        <span className="muted topbar-user">{user.email}</span>
        <Link href="/account" className="topbar-link">
          Account
        </Link>
        <SignOutButton />
      </header>
      <div className="shell">
        <DashboardNav links={links} />
        <div id="content" tabIndex={-1} className="content">
          {children}
        </div>
      </div>
    </>
  );
}
