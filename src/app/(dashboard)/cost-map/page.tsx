import type { Metadata } from "next";
import { CostMapPanel } from "./cost-map-panel";

export const metadata: Metadata = { title: "Cost map" };

export default function CostMapPage() {
  return (
    <main>
      <h1>Cost map</h1>
      <p className="lead">The prices every request is costed with, for the whole instance. Preview a new map, check what it changes, then apply it; any earlier version can come back.</p>
      <CostMapPanel />
    </main>
  );
}
