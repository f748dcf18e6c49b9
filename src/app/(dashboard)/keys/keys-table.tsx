"use client";

import { useState } from "react";
import type { trpc } from "../../trpc-client";

export type KeySummary = Awaited<ReturnType<typeof trpc.keys.list.query>>[number];

const money = (value: number) => `$${value.toFixed(4)}`;
const date = (value: string | null) => (value ? new Date(value).toLocaleString() : "—");

export function KeysTable(props: {
  keys: KeySummary[];
  canChange: boolean;
  onEdit: (key: KeySummary) => void;
  onBlock: (id: string, blocked: boolean) => void;
  onDelete: (id: string) => void;
  onRegenerate: (id: string) => void;
}) {
  const [confirming, setConfirming] = useState<string>();
  if (props.keys.length === 0) return <p>No keys in this team yet.</p>;
  return (
    <div className="table-wrap">
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
              <td>{key.blocked ? "blocked" : "active"}</td>
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
                  <button type="button" className="secondary" onClick={() => props.onRegenerate(key.id)}>
                    Regenerate
                  </button>
                  {confirming === key.id ? (
                    <button type="button" className="danger" onClick={() => props.onDelete(key.id)} aria-label={`Confirm deleting ${key.alias ?? key.preview}`}>
                      Confirm delete
                    </button>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setConfirming(key.id)}>
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
