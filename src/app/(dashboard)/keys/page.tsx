import type { Metadata } from "next";
import { KeysPanel } from "./keys-panel";

export const metadata: Metadata = { title: "Keys" };

export default function KeysPage() {
  return (
    <main>
      <h1>Keys</h1>
      <p className="lead">Virtual keys for your team. A new key is shown once: copy it then.</p>
      <KeysPanel />
    </main>
  );
}
