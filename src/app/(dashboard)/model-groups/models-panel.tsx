"use client";

import { useEffect, useState } from "react";
import { trpc } from "../../trpc-client";
import { HealthBadge } from "./health-badge";
import styles from "./models.module.css";

type Models = Awaited<ReturnType<typeof trpc.models.list.query>>;

const refreshMs = 5_000;

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
  return (
    <div className="stack">
      <p className="muted">
        Routing: {data.policy.strategy}. A deployment cools down for {data.policy.cooldownSeconds} s after more than {data.policy.allowedFails} failures in a minute. Updated{" "}
        {new Date(receivedAt).toLocaleTimeString()}; refreshes every {refreshMs / 1000} s.
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
                    Requests (1 min)
                  </th>
                  <th scope="col" className={styles.number}>
                    Failures (1 min)
                  </th>
                  <th scope="col">Health</th>
                </tr>
              </thead>
              <tbody>
                {group.deployments.map((deployment) => (
                  <tr key={deployment.id}>
                    <th scope="row">
                      <code>{deployment.id}</code>
                    </th>
                    {/* One column for where it goes, so Failures and Health fit at 1280 px without a scrollbar. */}
                    <td>
                      <code>
                        {deployment.provider}/{deployment.upstreamModel}
                      </code>
                      <br />
                      <span className="muted">{deployment.apiHost ?? "default host"}</span>
                    </td>
                    <td>{deployment.mode}</td>
                    <td>
                      {deployment.rpm ?? "—"} / {deployment.tpm ?? "—"}
                    </td>
                    <td className={styles.number}>{deployment.health.inFlight}</td>
                    <td className={styles.number}>{deployment.health.requestsLastMinute}</td>
                    <td className={styles.number}>{deployment.health.failuresLastMinute}</td>
                    <td>
                      <HealthBadge cooldown={deployment.health.cooldown} elapsedMs={elapsedMs} />
                    </td>
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
