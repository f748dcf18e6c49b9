import type { Metadata } from "next";
import { RulesPanel } from "./rules-panel";

export const metadata: Metadata = { title: "Model access" };

export default function RulesPage() {
  return (
    <main>
      <h1>Model access</h1>
      <p className="lead">Which models a team and each of its keys may use, and a tester that answers exactly as the gateway does.</p>
      <RulesPanel />
    </main>
  );
}
