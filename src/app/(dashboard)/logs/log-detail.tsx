"use client";

import { useEffect, useId, useRef } from "react";
import { trpc } from "../../trpc-client";
import { count, money } from "../spend/format";
import { useLoaded } from "../spend/use-loaded";
import styles from "./logs.module.css";

/** One request in full: timings, tokens by kind, cost and the cost-map version that priced it, routing, error. */
export function LogDetail({ teamId, requestId, onClose }: { teamId: string | null; requestId: string; onClose: () => void }) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { data, error, loading } = useLoaded(() => (teamId === null ? trpc.logs.getAny.query({ requestId }) : trpc.logs.get.query({ teamId, requestId })), [teamId, requestId]);
  // Keyboard users land on the panel they opened.
  useEffect(() => heading.current?.focus(), [requestId]);
  return (
    <aside className={`card ${styles.detail}`} aria-labelledby={headingId}>
      <div className={styles.actions}>
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Request detail
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {loading && <p aria-busy="true">Loading…</p>}
      {data && (
        <dl>
          <dt>Request id</dt>
          <dd>
            <code>{data.requestId}</code>
          </dd>
          <dt>Status</dt>
          <dd className={data.status === "failure" ? styles.failure : undefined}>
            {data.statusCode} {data.status}
          </dd>
          <dt>Started</dt>
          <dd>{new Date(data.startTime).toISOString()}</dd>
          <dt>Duration</dt>
          <dd>{count(data.durationMs)} ms</dd>
          <dt>Call</dt>
          <dd>{data.callType}</dd>
          <dt>Key</dt>
          <dd>{data.keyAlias ?? data.keyPreview ?? (data.keyId ? "a key no longer in this team" : "master key")}</dd>
          {data.userId && (
            <>
              <dt>User</dt>
              <dd>{data.userId}</dd>
            </>
          )}
          <dt>Model asked</dt>
          <dd>{data.model}</dd>
          <dt>Model group</dt>
          <dd>{data.modelGroup ?? "-"}</dd>
          <dt>Deployment</dt>
          <dd>
            {data.deployment ?? "-"}
            {data.provider ? ` (${data.provider})` : ""}
          </dd>
          <dt>Affinity</dt>
          <dd>{data.affinity ?? "none"}</dd>
          <dt>Fallbacks tried</dt>
          <dd>{data.attemptedFallbacks}</dd>
          <dt>Tokens in</dt>
          <dd>
            {count(data.tokens.input)} ({count(data.tokens.cached)} cached, {count(data.tokens.cacheWrite)} written to cache)
          </dd>
          <dt>Tokens out</dt>
          <dd>
            {count(data.tokens.output)} ({count(data.tokens.reasoning)} reasoning)
          </dd>
          <dt>Cost</dt>
          <dd>
            {data.unpriced ? "unpriced (no price known)" : money(data.spend)}
            {data.costMapVersion !== null && ` · cost map v${data.costMapVersion}`}
          </dd>
          {data.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>{data.tags.join(", ")}</dd>
            </>
          )}
          {data.errorMessage && (
            <>
              <dt>Error</dt>
              <dd>{data.errorMessage}</dd>
            </>
          )}
        </dl>
      )}
    </aside>
  );
}
