import type { Metadata } from "next";
import { AffinityPanel } from "./affinity-panel";

export const metadata: Metadata = { title: "Affinity" };

export default function AffinityPage() {
  return (
    <main>
      <h1>Responses affinity</h1>
      <p className="lead">
        Which deployment made a Responses API object or signed a Messages answer&apos;s thinking, so follow-ups (previous_response_id, item ids, encrypted reasoning, signed thinking blocks)
        go back to the same credentials.
      </p>
      <AffinityPanel />
    </main>
  );
}
