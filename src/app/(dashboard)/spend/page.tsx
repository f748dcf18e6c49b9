import { SpendPanel } from "./spend-panel";

export default function SpendPage() {
  return (
    <main>
      <h1>Spend</h1>
      <p className="lead">What each key and model cost, per UTC day, and how budgets stand.</p>
      <SpendPanel />
    </main>
  );
}
