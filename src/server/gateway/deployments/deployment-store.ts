import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../db";
import type { ModelDeploymentRow } from "../../db/schema";
import type { CredentialCipher } from "../credentials/credential-cipher";
import { GatewayError } from "../errors";
import type { StoredEntry } from "./compile-stored-deployment";
import { joinParams, secretHintsOf, splitParams } from "./stored-params";

export type OpenedRow = { ok: true; entry: StoredEntry } | { ok: false; reason: string };

/** What a write sets; `params` are full litellm_params (secrets included), split and sealed here. */
export interface DeploymentWrite {
  modelName: string;
  params: Record<string, unknown>;
  modelInfo: Record<string, unknown>;
  disabled: boolean;
}

/** A sealed value is bound to its row: copied onto another deployment or a credential, it does not open. */
const sealName = (id: string) => `deployment:${id}`;

/**
 * Rows of `model_deployments`: secrets sealed on the way in, opened only to compile. Every write
 * bumps the row's revision, which is how instances see what changed (LiveDeployments).
 */
export class DeploymentStore {
  constructor(
    private readonly database: Database,
    private readonly cipher: CredentialCipher | undefined,
    private readonly now: () => number,
  ) {}

  get canStore(): boolean {
    return this.cipher !== undefined;
  }

  private get table() {
    return this.database.tables.modelDeployments;
  }

  async rows(): Promise<ModelDeploymentRow[]> {
    return this.database.db.select().from(this.table).orderBy(asc(this.table.modelName), asc(this.table.id));
  }

  /** Each row's id and revision: what a poll compares before reading anything else. */
  async revisions(): Promise<{ id: string; revision: number }[]> {
    return this.database.db.select({ id: this.table.id, revision: this.table.revision }).from(this.table);
  }

  async row(id: string): Promise<ModelDeploymentRow | undefined> {
    return (await this.database.db.select().from(this.table).where(eq(this.table.id, id)))[0];
  }

  /** Inserts; false when the id is taken. */
  async insert(id: string, write: DeploymentWrite, actor: string): Promise<ModelDeploymentRow | undefined> {
    const at = new Date(this.now());
    const row: ModelDeploymentRow = { id, ...this.columns(id, write), createdBy: actor, createdAt: at, updatedBy: actor, updatedAt: at, revision: 1 };
    const inserted = await this.database.db.insert(this.table).values(row).onConflictDoNothing().returning();
    return inserted[0];
  }

  /** Replaces a row's content if its revision is still `revision` (no lost update between two admins). */
  async replace(existing: ModelDeploymentRow, write: DeploymentWrite, actor: string): Promise<ModelDeploymentRow> {
    const [updated] = await this.database.db
      .update(this.table)
      .set({ ...this.columns(existing.id, write), updatedBy: actor, updatedAt: new Date(this.now()), revision: existing.revision + 1 })
      .where(and(eq(this.table.id, existing.id), eq(this.table.revision, existing.revision)))
      .returning();
    if (!updated) throw new GatewayError("conflict", `Deployment "${existing.id}" was changed or deleted meanwhile; read it again and retry`, { param: "id" });
    return updated;
  }

  async remove(id: string): Promise<boolean> {
    const deleted = await this.database.db.delete(this.table).where(eq(this.table.id, id)).returning({ id: this.table.id });
    return deleted.length > 0;
  }

  /** The row's entry with its secrets, for the compiler and for merging an update. */
  open(row: ModelDeploymentRow): OpenedRow {
    let secrets: Record<string, string> = {};
    if (row.sealedSecrets !== null) {
      if (!this.cipher) return { ok: false, reason: "SWITCHYARD_SALT_KEY is not set, so its sealed values cannot be decrypted" };
      const opened = this.cipher.open(sealName(row.id), row.sealedSecrets);
      if (!opened.ok) {
        return {
          ok: false,
          reason:
            opened.reason === "unknown_key"
              ? "it was sealed with a salt key this gateway does not have (set the old one in SWITCHYARD_SALT_KEY_PREVIOUS)"
              : "its sealed values fail the integrity check",
        };
      }
      secrets = opened.values;
    }
    return { ok: true, entry: { id: row.id, modelName: row.modelName, params: joinParams(row.publicParams, secrets), modelInfo: row.modelInfo } };
  }

  private columns(id: string, write: DeploymentWrite) {
    const { publicParams, secrets } = splitParams(write.params);
    const hasSecrets = Object.keys(secrets).length > 0;
    if (hasSecrets && !this.cipher) {
      throw new GatewayError(
        "salt_key_missing",
        "A stored deployment's secrets are encrypted with SWITCHYARD_SALT_KEY, which this gateway does not have: set it (16 characters or more) and restart",
      );
    }
    return {
      modelName: write.modelName,
      publicParams,
      sealedSecrets: hasSecrets ? this.cipher!.seal(sealName(id), secrets) : null,
      secretHints: secretHintsOf(secrets),
      modelInfo: write.modelInfo,
      disabled: write.disabled,
    };
  }
}
