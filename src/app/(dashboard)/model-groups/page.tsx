import type { Metadata } from "next";
import { ModelsPanel } from "./models-panel";

export const metadata: Metadata = { title: "Models" };

/**
 * At /model-groups, not /models: `/models` is the OpenAI-compatible model list, which the
 * server hands to the gateway before the dashboard ever sees the request.
 */
export default function ModelGroupsPage() {
  return (
    <main>
      <h1>Models</h1>
      <p className="lead">Model groups, the deployments behind them, and how each is doing right now.</p>
      <ModelsPanel />
    </main>
  );
}
