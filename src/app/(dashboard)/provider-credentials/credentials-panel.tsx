"use client";

import { useCallback, useEffect, useState } from "react";
import type { CredentialForm } from "@/server/services/credentials/credential-input";
import { trpc } from "../../trpc-client";
import { CredentialFormCard } from "./credential-form";

type Listing = Awaited<ReturnType<typeof trpc.credentials.list.query>>;
type Credential = Listing["credentials"][number];

const hintsText = (hints: Record<string, string>) =>
  Object.entries(hints)
    .map(([key, hint]) => `${key}: ${hint}`)
    .join(", ");

/** The Credentials page, for instance admins: names and masked hints, add, replace, delete. */
export function CredentialsPanel() {
  const [listing, setListing] = useState<Listing>();
  const [replacing, setReplacing] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(async () => setListing(await trpc.credentials.list.query()), []);
  useEffect(() => {
    reload().catch((error: Error) => setProblem(error.message));
  }, [reload]);

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

  const add = async (form: CredentialForm) => {
    await trpc.credentials.add.mutate(form);
    setNotice(`Added ${form.name}.`);
    await reload();
  };
  const replace = async (form: CredentialForm) => {
    await trpc.credentials.replace.mutate(form);
    setReplacing(undefined);
    setNotice(`Replaced ${form.name}: the next request uses the new values.`);
    await reload();
  };
  const remove = (credential: Credential) => {
    const users = credential.usedBy.length ? ` ${credential.usedBy.join(", ")} will answer 503 until it is added again.` : "";
    if (!window.confirm(`Delete ${credential.name}?${users}`)) return;
    void act(() => trpc.credentials.remove.mutate({ name: credential.name }), `Deleted ${credential.name}.`);
  };

  if (!listing)
    return problem ? (
      <p role="alert" className="error">
        {problem}
      </p>
    ) : (
      <p aria-busy="true">Loading…</p>
    );

  return (
    <div className="stack">
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
      {!listing.canStore && (
        <p className="notice" role="status">
          This gateway has no <code>SWITCHYARD_SALT_KEY</code>, which stored credentials are encrypted with: set it (16 characters or more) and restart to add any.
        </p>
      )}
      {listing.credentials.length === 0 ? (
        <p>No credentials yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Values</th>
                <th scope="col">Provider</th>
                <th scope="col">Used by</th>
                <th scope="col">Updated</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {listing.credentials.map((credential) => (
                <tr key={credential.name}>
                  <td>
                    {credential.name}
                    {credential.description && <div className="muted">{credential.description}</div>}
                  </td>
                  <td>
                    <code>{hintsText(credential.hints)}</code>
                  </td>
                  <td>{credential.provider ?? "—"}</td>
                  <td>{credential.usedBy.join(", ") || "—"}</td>
                  <td>{credential.updatedAt ? `${new Date(credential.updatedAt).toLocaleString()} by ${credential.updatedBy}` : "—"}</td>
                  <td>
                    {credential.source === "config" ? (
                      <span className="muted">From config.yaml</span>
                    ) : (
                      <div className="row">
                        <button type="button" className="secondary" onClick={() => setReplacing(credential.name)} disabled={!listing.canStore}>
                          Replace
                        </button>
                        <button type="button" className="secondary" onClick={() => remove(credential)}>
                          Delete
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {replacing && <CredentialFormCard key={replacing} name={replacing} onSubmit={replace} onCancel={() => setReplacing(undefined)} />}
      {listing.canStore && !replacing && <CredentialFormCard onSubmit={add} />}
    </div>
  );
}
