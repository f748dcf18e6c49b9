import { AuditPanel } from "./audit-panel";

export default function AuditPage() {
  return (
    <main>
      <h1>Audit log</h1>
      <p className="lead">Who changed which key, rule or team setting, and when; instance admins also see instance-wide changes (cost map, credentials).</p>
      <AuditPanel />
    </main>
  );
}
