import { LogsPanel } from "./logs-panel";

export const metadata = { title: "Request logs · Switchyard" };

export default function LogsPage() {
  return (
    <main>
      <h1>Request logs</h1>
      <p className="lead">Every request through the gateway, newest first: filter, open one for its detail, or download the filtered list as CSV.</p>
      <LogsPanel />
    </main>
  );
}
