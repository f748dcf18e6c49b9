import type { Metadata } from "next";
import { ModelsPanel } from "./models-panel";
import styles from "./models.module.css";
import { StoredDeploymentsPanel } from "./stored-deployments-panel";
import { TeamModelsPanel } from "./team-models-panel";

export const metadata: Metadata = { title: "Models" };

/**
 * At /model-groups, not /models: `/models` is the OpenAI-compatible model list, which the
 * server hands to the gateway before the dashboard ever sees the request.
 */
export default function ModelGroupsPage() {
  return (
    <main className={styles.wide}>
      <h1>Models</h1>
      <p className="lead">Model groups, the deployments behind them, and how each is doing right now: the router&apos;s cooldowns, recent traffic and the latest health check.</p>
      <ModelsPanel />
      <TeamModelsPanel />
      <StoredDeploymentsPanel />
    </main>
  );
}
