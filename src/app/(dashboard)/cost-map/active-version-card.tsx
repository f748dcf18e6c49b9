import styles from "./cost-map.module.css";
import type { Overview } from "./cost-map-types";
import { formatCount, formatDate } from "./format";

export function ActiveVersionCard({ active }: { active: Overview["active"] }) {
  return (
    <section className="card stack" aria-labelledby="active-heading">
      <h2 id="active-heading">Active version</h2>
      <dl className={styles.facts}>
        <dt>Version</dt>
        <dd data-testid="active-version">{active.versionId}</dd>
        <dt>Models</dt>
        <dd data-testid="active-models">{formatCount(active.modelCount)}</dd>
        <dt>Source</dt>
        <dd>
          <code>{active.source}</code>
        </dd>
        <dt>Applied</dt>
        <dd>{formatDate(active.appliedAt)}</dd>
      </dl>
    </section>
  );
}
