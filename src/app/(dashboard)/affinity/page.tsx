import { AffinityPanel } from "./affinity-panel";

export default function AffinityPage() {
  return (
    <main>
      <h1>Responses affinity</h1>
      <p className="lead">Which deployment made a Responses API object, so follow-ups (previous_response_id, item ids, encrypted reasoning) go back to the same credentials.</p>
      <AffinityPanel />
    </main>
  );
}
