import type Database from "better-sqlite3";
import type { AffinityRow } from "../../db/schema";

interface StoredRow {
  ref: string;
  kind: AffinityRow["kind"];
  deployment_id: string;
  credential_hash: string;
  model_group: string;
  key_token: string | null;
  team_id: string | null;
  created_at: number;
  expires_at: number;
}

function fromStored(row: StoredRow): AffinityRow {
  return {
    ref: row.ref,
    kind: row.kind,
    deploymentId: row.deployment_id,
    credentialHash: row.credential_hash,
    modelGroup: row.model_group,
    keyToken: row.key_token,
    teamId: row.team_id,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}

/**
 * Response and item ids -> the deployment and credentials that made them, in the database so it
 * survives restarts and every instance shares it. On the request path, so the statements are
 * prepared once and run directly: a primary-key read per reference, one transaction per answer.
 */
export class AffinityStore {
  private readonly select: Database.Statement<[string, number], StoredRow>;
  private readonly insert: Database.Statement<[string, string, string, string, string, string | null, string | null, number, number]>;
  private readonly purge: Database.Statement<[number]>;
  private readonly insertMany: (rows: readonly AffinityRow[]) => void;

  constructor(sqlite: Database.Database) {
    this.select = sqlite.prepare("select * from response_affinity where ref = ? and expires_at > ?");
    this.insert = sqlite.prepare(
      "insert or ignore into response_affinity (ref, kind, deployment_id, credential_hash, model_group, key_token, team_id, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.purge = sqlite.prepare("delete from response_affinity where expires_at <= ?");
    this.insertMany = sqlite.transaction((rows: readonly AffinityRow[]) => {
      for (const row of rows) {
        this.insert.run(row.ref, row.kind, row.deploymentId, row.credentialHash, row.modelGroup, row.keyToken, row.teamId, row.createdAt.getTime(), row.expiresAt.getTime());
      }
    });
  }

  /** The unexpired records for these references. */
  find(refs: readonly string[], now: number): AffinityRow[] {
    const rows: AffinityRow[] = [];
    for (const ref of new Set(refs)) {
      const row = this.select.get(ref, now);
      if (row) rows.push(fromStored(row));
    }
    return rows;
  }

  /** Written in one transaction, before the answer's last byte leaves, so a quick follow-up finds it. First writer wins. */
  record(rows: readonly AffinityRow[]): void {
    if (rows.length > 0) this.insertMany(rows);
  }

  /** Deletes expired records; returns how many. */
  purgeExpired(now: number): number {
    return this.purge.run(now).changes;
  }
}
