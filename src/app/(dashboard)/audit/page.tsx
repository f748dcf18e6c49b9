import type { Metadata } from "next";
import { AuditPanel } from "./audit-panel";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  return (
    <main>
      <h1>Audit log</h1>
      <p className="lead">Who changed which key, rule or team setting, and when; instance admins also see instance-wide changes (cost map, credentials).</p>
      <AuditPanel />
    </main>
  );
}
