"use client";

import { useEffect, useState } from "react";
import { trpc } from "../../trpc-client";
import { CheckResultView } from "./check-result";
import { HealthBadge } from "./health-badge";
import { TestButton } from "./test-button";
import styles from "./models.module.css";

type Models = Awaited<ReturnType<typeof trpc.models.list.query>>;

const refreshMs = 5_000;

/** Median and 95th percentile of the successful calls' latency, or a dash without any. */
function latency(stats: { p50Ms: number | null; p95Ms: number | null }): string {
  return stats.p50Ms === null ? "—" : `${stats.p50Ms} / ${stats.p95Ms} ms`;
}

/** Model groups and deployments, with the router's live health: polled, and cooldowns counted down between polls. */
export function ModelsPanel() {
  const [models, setModels] = useState<{ data: Models; receivedAt: number }>();
  const [problem, setProblem] = useState<string>();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let stopped = false;
    const load = () =>
      trpc.models.list.query().then(
        (data) => {
          if (stopped) return;
          setModels({ data, receivedAt: Date.now() });
          setProblem(undefined);
        },
        (error: Error) => !stopped && setProblem(error.message),
      );
    void load();
    const poll = setInterval(load, refreshMs);
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      stopped = true;
      clearInterval(poll);
      clearInterval(tick);
    };
  }, []);

  if (!models)
    return problem ? (
      <p role="alert" className="error">
        Could not load models: {problem}
      </p>
    ) : (
      <p aria-busy="true">Loading models…</p>
    );
  const { data, receivedAt } = models;
  const elapsedMs = Math.max(0, now - receivedAt);
  const windowMinutes = (data.groups[0]?.deployments[0]?.health.stats.windowSeconds ?? 300) / 60;
  return (
    <div className="stack">
      <p className="muted">
        Routing: {data.policy.strategy}. A deployment cools down for {data.policy.cooldownSeconds} s after more than {data.policy.allowedFails} failures in a minute. Updated{" "}
        {new Date(receivedAt).toLocaleTimeString()}; refreshes every {refreshMs / 1000} s.{" "}
        {data.backgroundChecks
          ? `Health checks run in the background every ${data.backgroundChecks.intervalSeconds} s on the instance serving this page.`
          : "Health checks run on GET /health (or with general_settings.background_health_checks)."}
      </p>
      {problem && (
        <p role="alert" className="error">
          Could not refresh: {problem}
        </p>
      )}
      {data.groups.length === 0 && <p className="card">No models configured. Add a model_list to the config.</p>}
      {data.groups.map((group) => (
        <section key={group.group} className="card" aria-label={`Model group ${group.group}`}>
          <h2>
            <code>{group.group}</code>
          </h2>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption className="muted">
                {group.deployments.length} deployment{group.deployments.length === 1 ? "" : "s"} of {group.group}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Deployment</th>
                  <th scope="col">Upstream</th>
                  <th scope="col">Mode</th>
                  <th scope="col">RPM / TPM</th>
                  <th scope="col" className={styles.number}>
                    In flight
                  </th>
                  <th scope="col" className={styles.number}>
                    Requests / errors ({windowMinutes} min)
                  </th>
                  <th scope="col" className={styles.number}>
                    p50 / p95
                  </th>
                  <th scope="col">Router</th>
                  <th scope="col">Health check</th>
                  {data.canTest && <th scope="col">Test</th>}
                </tr>
              </thead>
              <tbody>
                {group.deployments.map((deployment) => (
                  <tr key={deployment.id}>
                    <th scope="row">
                      <code className={styles.id} title={deployment.id}>
                        {deployment.id}
                      </code>
                    </th>
                    <td>
                      {deployment.provider}/<code>{deployment.upstreamModel}</code>
                      <span className={`${styles.sub} muted`}>{deployment.apiHost ?? "—"}</span>
                    </td>
                    <td>{deployment.mode}</td>
                    <td>
                      {deployment.rpm ?? "—"} / {deployment.tpm ?? "—"}
                    </td>
                    <td className={styles.number}>{deployment.health.inFlight}</td>
                    <td className={styles.number}>
                      {deployment.health.stats.requests} / {deployment.health.stats.errors}
                    </td>
                    <td className={styles.number}>{latency(deployment.health.stats)}</td>
                    <td>
                      <HealthBadge cooldown={deployment.health.cooldown} elapsedMs={elapsedMs} />
                    </td>
                    <td>
                      <CheckResultView result={deployment.health.lastCheck} />
                    </td>
                    {data.canTest && (
                      <td>
                        <TestButton deploymentId={deployment.id} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
