"use client";

import { useState } from "react";
import type { trpc } from "../../trpc-client";
import { money } from "../spend/format";

export type KeySummary = Awaited<ReturnType<typeof trpc.keys.list.query>>[number];

const date = (value: string | null) => (value ? new Date(value).toLocaleString() : "—");

/** What the gateway would do with the key now: a key at or over its budget is refused like a blocked one. */
export function keyStatus(key: Pick<KeySummary, "blocked" | "expires" | "spend" | "maxBudget">, now = Date.now()): "blocked" | "expired" | "over budget" | "active" {
  if (key.blocked) return "blocked";
  if (key.expires !== null && new Date(key.expires).getTime() <= now) return "expired";
  if (key.maxBudget !== null && key.spend >= key.maxBudget) return "over budget";
  return "active";
}

type Confirming = { id: string; action: "delete" | "regenerate" };

export function KeysTable(props: {
  keys: KeySummary[];
  canChange: boolean;
  onEdit: (key: KeySummary) => void;
  onBlock: (id: string, blocked: boolean) => void;
  onDelete: (id: string) => void;
  onRegenerate: (id: string) => void;
}) {
  const [confirming, setConfirming] = useState<Confirming>();
  const asking = (id: string, action: Confirming["action"]) => confirming?.id === id && confirming.action === action;
  if (props.keys.length === 0) return <p>No keys in this team yet.</p>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Models</th>
            <th scope="col">Spend / budget</th>
            <th scope="col">RPM / TPM</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            {props.canChange && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {props.keys.map((key) => (
            <tr key={key.id}>
              <td>
                {key.alias ?? "—"}
                {key.role === "admin" && " (proxy_admin)"}
              </td>
              <td>
                <code>{key.preview}</code>
              </td>
              <td>{key.models.length === 0 ? "team's models" : key.models.join(", ")}</td>
              <td>
                {money(key.spend)} / {key.maxBudget === null ? "no budget" : money(key.maxBudget)}
              </td>
              <td>
                {key.rpmLimit ?? "—"} / {key.tpmLimit ?? "—"}
              </td>
              <td>{date(key.expires)}</td>
              <td>{date(key.lastUsed)}</td>
              <td>{keyStatus(key)}</td>
              {props.canChange && !key.manageable && (
                <td>
                  <span title="Only an instance admin may change a proxy_admin key">read-only</span>
                </td>
              )}
              {props.canChange && key.manageable && (
                <td className="row">
                  <button type="button" className="secondary" onClick={() => props.onEdit(key)}>
                    Edit
                  </button>
                  <button type="button" className="secondary" onClick={() => props.onBlock(key.id, !key.blocked)}>
                    {key.blocked ? "Unblock" : "Block"}
                  </button>
                  {asking(key.id, "regenerate") ? (
                    <>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          setConfirming(undefined);
                          props.onRegenerate(key.id);
                        }}
                        aria-label={`Confirm regenerating ${key.alias ?? key.preview}: the current key stops working`}
                      >
                        Confirm regenerate
                      </button>
                      <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setConfirming({ id: key.id, action: "regenerate" })}>
                      Regenerate
                    </button>
                  )}
                  {asking(key.id, "delete") ? (
                    <>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          setConfirming(undefined);
                          props.onDelete(key.id);
                        }}
                        aria-label={`Confirm deleting ${key.alias ?? key.preview}`}
                      >
                        Confirm delete
                      </button>
                      <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setConfirming({ id: key.id, action: "delete" })}>
                      Delete
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
