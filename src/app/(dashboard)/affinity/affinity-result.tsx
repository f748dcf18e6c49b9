import type { trpc } from "../../trpc-client";
import styles from "./affinity.module.css";

export type AffinityRecord = Awaited<ReturnType<typeof trpc.affinity.lookup.query>>;

const kinds = {
  response: "Response",
  item: "Output item",
  encrypted_content: "Encrypted reasoning (encrypted_content)",
  thinking_signature: "Signed thinking (Messages API signature or redacted_thinking data)",
} as const;
const when = (iso: string) => `${new Date(iso).toLocaleString()} (${iso})`;

function FollowUps({ record }: { record: AffinityRecord }) {
  if (record.servableBy.length === 0) {
    return <span className="error">No configured deployment holds these credentials any more: a follow-up that references this cannot be routed.</span>;
  }
  const where = record.servableBy.map((deployment) => `${deployment.id} (${deployment.modelGroup})`).join(", ");
  return <span>{record.deploymentConfigured ? `Routed back to the same credentials: ${where}` : `The original deployment is gone; same credentials on ${where}`}</span>;
}

export function AffinityResult({ record }: { record: AffinityRecord }) {
  return (
    <section className="card" aria-label="Affinity record">
      <h2>{kinds[record.kind]}</h2>
      <dl className={styles.facts}>
        <dt>Reference</dt>
        <dd>
          <code>{record.ref}</code>
        </dd>
        <dt>Made by deployment</dt>
        <dd>
          <code>{record.deploymentId}</code> {record.deploymentConfigured ? "" : "(no longer configured)"}
        </dd>
        <dt>Model group</dt>
        <dd>
          <code>{record.modelGroup}</code>
        </dd>
        <dt>Created</dt>
        <dd>{when(record.createdAt)}</dd>
        <dt>Expires</dt>
        <dd>{when(record.expiresAt)}</dd>
        <dt>Follow-ups</dt>
        <dd>
          <FollowUps record={record} />
        </dd>
      </dl>
    </section>
  );
}
