import { UsagePanel } from "./usage-panel";

export const metadata = { title: "Usage · Switchyard" };

export default function UsagePage() {
  return (
    <main>
      <h1>Usage</h1>
      <p className="lead">Tokens by kind, requests and spend per day, by model, key, user or tag, in the time zone you report in.</p>
      <UsagePanel />
    </main>
  );
}
