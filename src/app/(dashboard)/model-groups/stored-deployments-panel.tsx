"use client";

import { useCallback, useEffect, useState } from "react";
import type { DeploymentForm } from "@/server/services/models/deployment-form";
import { trpc } from "../../trpc-client";
import { DeploymentFormCard } from "./deployment-form";

type Listing = Awaited<ReturnType<typeof trpc.models.deployments.query>>;
type Stored = Listing["stored"][number];

/** For instance admins: config.yaml's deployments (read-only) and the stored ones, added, edited, disabled and deleted here. */
export function StoredDeploymentsPanel() {
  const [listing, setListing] = useState<Listing>();
  const [forbidden, setForbidden] = useState(false);
  const [editing, setEditing] = useState<Stored>();
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(async () => setListing(await trpc.models.deployments.query()), []);
  useEffect(() => {
    reload().catch((error: { data?: { code?: string }; message: string }) => (error.data?.code === "FORBIDDEN" ? setForbidden(true) : setProblem(error.message)));
  }, [reload]);

  if (forbidden) return null;

  async function act(action: () => Promise<unknown>, done: string) {
    setProblem(undefined);
    setNotice(undefined);
    try {
      await action();
      setNotice(done);
      await reload();
    } catch (error) {
      setProblem((error as Error).message);
    }
  }

  const add = async (form: DeploymentForm) => {
    const { id } = await trpc.models.add.mutate(form);
    setNotice(`Added ${form.modelName} (${id}): every instance serves it within a second.`);
    await reload();
  };
  const edit = async (form: DeploymentForm) => {
    if (!editing) return;
    await trpc.models.edit.mutate({ id: editing.id, form });
    setNotice(`Saved ${form.modelName}: the next request uses it.`);
    setEditing(undefined);
    await reload();
  };
  const remove = (deployment: Stored) => {
    if (!window.confirm(`Delete ${deployment.modelName} (${deployment.id})? Requests for it get 404 unless another deployment serves the name.`)) return;
    void act(() => trpc.models.remove.mutate({ id: deployment.id }), `Deleted ${deployment.modelName}.`);
  };

  return (
    <section className="card stack" aria-labelledby="stored-deployments-heading">
      <h2 id="stored-deployments-heading">Manage deployments</h2>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {listing && !listing.storeEnabled && (
        <p className="notice" role="status">
          <code>general_settings.store_model_in_db</code> is not true in config.yaml, so deployments cannot be added here; set it and restart.
        </p>
      )}
      {listing && listing.storeEnabled && !listing.canStoreSecrets && (
        <p className="notice" role="status">
          This gateway has no <code>SWITCHYARD_SALT_KEY</code>, which stored keys are encrypted with: deployments that need a key cannot be added until it is set.
        </p>
      )}
      {listing && (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption className="muted">Deployments from config.yaml are read-only here: the file is their source of truth.</caption>
            <thead>
              <tr>
                <th scope="col">Model name</th>
                <th scope="col">Deployment</th>
                <th scope="col">Provider/model</th>
                <th scope="col">Secrets</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {listing.config.map((deployment) => (
                <tr key={deployment.id}>
                  <td>{deployment.modelName}</td>
                  <td>
                    <code>{deployment.id}</code>
                  </td>
                  <td>
                    <code>{deployment.model}</code>
                  </td>
                  <td>—</td>
                  <td>Served</td>
                  <td className="muted">From config.yaml</td>
                </tr>
              ))}
              {listing.stored.map((deployment) => (
                <tr key={deployment.id}>
                  <td>{deployment.modelName}</td>
                  <td>
                    <code>{deployment.id}</code>
                  </td>
                  <td>
                    <code>{deployment.form.model}</code>
                  </td>
                  <td>
                    <code>
                      {Object.entries(deployment.secretHints)
                        .map(([key, hint]) => `${key}: ${hint}`)
                        .join(", ") || "—"}
                    </code>
                  </td>
                  <td>{deployment.problem ? `Not served: ${deployment.problem}` : deployment.disabled ? "Disabled" : "Served"}</td>
                  <td>
                    <div className="row">
                      <button type="button" className="secondary" onClick={() => setEditing(deployment)} aria-label={`Edit ${deployment.modelName} (${deployment.id})`}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() =>
                          void act(
                            () => trpc.models.setDisabled.mutate({ id: deployment.id, disabled: !deployment.disabled }),
                            `${deployment.disabled ? "Enabled" : "Disabled"} ${deployment.modelName}.`,
                          )
                        }
                        aria-label={`${deployment.disabled ? "Enable" : "Disable"} ${deployment.modelName} (${deployment.id})`}
                      >
                        {deployment.disabled ? "Enable" : "Disable"}
                      </button>
                      <button type="button" className="secondary" onClick={() => remove(deployment)} aria-label={`Delete ${deployment.modelName} (${deployment.id})`}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && <DeploymentFormCard key={editing.id} edited={editing} onSubmit={edit} onCancel={() => setEditing(undefined)} />}
      {listing?.storeEnabled && !editing && <DeploymentFormCard onSubmit={add} />}
    </section>
  );
}
