import type { Metadata } from "next";
import { SpendPanel } from "./spend-panel";

export const metadata: Metadata = { title: "Spend" };

export default function SpendPage() {
  return (
    <main>
      <h1>Spend</h1>
      <p className="lead">What each key and model cost, per UTC day, and how budgets stand.</p>
      <SpendPanel />
    </main>
  );
}
