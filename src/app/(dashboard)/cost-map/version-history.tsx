"use client";

import { useState } from "react";
import styles from "./cost-map.module.css";
import type { Version } from "./cost-map-types";
import { formatCount, formatDate } from "./format";
import { Problem, ProgressNote } from "./progress-note";

/** Whether the shown (newest-first) version numbers have gaps. */
const skips = (versions: Version[]) => versions.some((version, index) => index > 0 && versions[index - 1].versionId - version.versionId > 1);

export function VersionHistory(props: {
  versions: Version[];
  totalVersions: number;
  canChange: boolean;
  busy: boolean;
  progress?: string;
  problem?: string;
  onRollback: (versionId: number) => void;
}) {
  const [confirming, setConfirming] = useState<number>();
  return (
    <section className="card stack" aria-labelledby="history-heading" aria-busy={props.progress !== undefined}>
      <h2 id="history-heading">History</h2>
      <ProgressNote text={props.progress} />
      <Problem message={props.problem} />
      {props.versions.length === 0 ? (
        <p>No version has been applied yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <caption className={styles.srOnly}>Applied cost-map versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Models</th>
                <th scope="col">Source</th>
                <th scope="col">Applied</th>
                <th scope="col">By</th>
                <th scope="col">Status</th>
                {props.canChange && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {props.versions.map((version) => (
                <tr key={version.versionId} aria-current={version.active ? "true" : undefined}>
                  <th scope="row">{version.versionId}</th>
                  <td>{formatCount(version.modelCount)}</td>
                  <td>
                    <code>{version.source}</code>
                  </td>
                  <td>{formatDate(version.appliedAt)}</td>
                  <td>{version.createdBy}</td>
                  <td>{version.active ? <strong>Active</strong> : <span className="muted">Earlier</span>}</td>
                  {props.canChange && (
                    <td>
                      {version.active ? null : confirming === version.versionId ? (
                        <div className="row">
                          <button
                            type="button"
                            className="danger"
                            disabled={props.busy}
                            onClick={() => {
                              setConfirming(undefined);
                              props.onRollback(version.versionId);
                            }}
                          >
                            Confirm roll back to version {version.versionId}
                          </button>
                          <button type="button" className="secondary" onClick={() => setConfirming(undefined)}>
                            Cancel
                          </button>
                        </div>
                      ) : (
                        <button type="button" className="secondary" disabled={props.busy} onClick={() => setConfirming(version.versionId)}>
                          Roll back to this version<span className={styles.srOnly}> (version {version.versionId})</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {skips(props.versions) && (
        <p className="muted" data-testid="version-gaps">
          Version numbers skip because every preview takes the next number when it is made: a number missing here was a preview that was discarded, or never applied.
        </p>
      )}
      {props.totalVersions > props.versions.length && (
        <p className="muted">
          Showing the newest {props.versions.length} of {props.totalVersions} versions.
        </p>
      )}
    </section>
  );
}
