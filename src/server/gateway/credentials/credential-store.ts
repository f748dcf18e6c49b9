import { asc, eq } from "drizzle-orm";
import type { ConfigCredential } from "../../config/types";
import type { Database } from "../../db";
import type { CredentialRow } from "../../db/schema";
import { isDatabaseUnavailable } from "../../db/unavailable";
import { OutboundAllowList } from "../../security/outbound-address";
import { GatewayError } from "../errors";
import { checkCredentialEndpoints, type EndpointPolicy } from "./check-endpoint";
import type { CredentialCipher } from "./credential-cipher";
import { hintOf, hintsOf, type CredentialValues } from "./credential-values";
import { changedEndpointFields, endpointFields, requireSecretsForEndpointChange } from "./endpoint-fields";

/** A credential as anyone may see it: masked hints (`sk-...abcd`), never a value. */
export interface CredentialSummary {
  name: string;
  /** `config`: config.yaml's credential_list, read-only here; `stored`: added at run time. */
  source: "config" | "stored";
  hints: Record<string, string>;
  info: Record<string, unknown>;
  createdBy: string | null;
  createdAt: Date | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export type CredentialLookup = { kind: "found"; values: CredentialValues } | { kind: "missing" } | { kind: "unusable"; reason: string };

/** `values`: null removes a value. `merge` keeps what the change leaves out; `replace` sets exactly these values. */
export interface CredentialChange {
  values?: Record<string, string | null>;
  info?: Record<string, unknown>;
  mode: "merge" | "replace";
}

export interface CredentialStoreOptions {
  /** Absent without SWITCHYARD_SALT_KEY: stored credentials can then be listed and deleted, not created or read. */
  cipher?: CredentialCipher;
  configCredentials?: readonly ConfigCredential[];
  now?: () => number;
  /** How long a looked-up credential is trusted without a change notification (see Fleet.keyCacheTtlMs). */
  ttlMs?: number;
  /** Called after every write, so other instances drop what they cached. */
  onChange?: (change: { kind: "credential"; name: string }) => void;
  /** Which endpoints may be stored; without it, public http(s) addresses only. */
  endpoints?: EndpointPolicy;
}

const saltKeyMissing = "Stored credentials are encrypted with SWITCHYARD_SALT_KEY, which this gateway does not have: set it (16 characters or more) and restart";

/**
 * Provider credentials added at run time: sealed in the database, opened only for the request
 * path (`lookup`, cached briefly). Every answer for management is a summary with masked hints.
 */
export class CredentialStore {
  private readonly cache = new Map<string, { lookup: CredentialLookup; fetchedAt: number }>();
  private readonly configured: ReadonlyMap<string, ConfigCredential>;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly onChange: NonNullable<CredentialStoreOptions["onChange"]>;
  private readonly endpoints: EndpointPolicy;
  /** Bumped by every forget, so a read that started before a change is not cached after it. */
  private generation = 0;

  constructor(
    private readonly database: Database,
    private readonly options: CredentialStoreOptions = {},
  ) {
    this.configured = new Map((options.configCredentials ?? []).map((credential) => [credential.name, credential]));
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.onChange = options.onChange ?? (() => undefined);
    this.endpoints = options.endpoints ?? { allowedHosts: new OutboundAllowList() };
  }

  /** SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: what a stored endpoint may reach besides public addresses. */
  get allowedHosts(): OutboundAllowList {
    return this.endpoints.allowedHosts;
  }

  /** Whether credentials can be stored (SWITCHYARD_SALT_KEY is set). */
  get canStore(): boolean {
    return this.options.cipher !== undefined;
  }

  private get table() {
    return this.database.tables.credentials;
  }

  async list(): Promise<CredentialSummary[]> {
    const rows = await this.database.db.select().from(this.table).orderBy(asc(this.table.credentialName));
    return [...[...this.configured.values()].map(configSummary), ...rows.map(storedSummary)];
  }

  async summary(name: string): Promise<CredentialSummary | undefined> {
    const configured = this.configured.get(name);
    if (configured) return configSummary(configured);
    const row = await this.row(name);
    return row && storedSummary(row);
  }

  async create(name: string, values: CredentialValues, info: Record<string, unknown>, actor: string): Promise<CredentialSummary> {
    const cipher = this.cipherOrThrow();
    this.refuseConfigured(name);
    await checkCredentialEndpoints(values, endpointFields, this.endpoints);
    const at = new Date(this.now());
    const row: CredentialRow = {
      credentialName: name,
      sealedValues: cipher.seal(name, values),
      valueHints: hintsOf(values),
      credentialInfo: info,
      createdBy: actor,
      createdAt: at,
      updatedBy: actor,
      updatedAt: at,
    };
    const inserted = await this.database.db.insert(this.table).values(row).onConflictDoNothing().returning({ name: this.table.credentialName });
    if (inserted.length === 0) throw new GatewayError("conflict", `A credential named "${name}" already exists; update it with PATCH /credentials/{name}`, { param: "credential_name" });
    this.changed(name);
    return storedSummary(row);
  }

  /**
   * Applies a change; returns the summary and the names (never the values) of the values that
   * changed, and of the endpoint fields among them. A merge that moves the endpoint must carry
   * the secrets it keeps (see requireSecretsForEndpointChange); a replace carries nothing over.
   */
  async update(name: string, change: CredentialChange, actor: string): Promise<{ summary: CredentialSummary; changedValues: string[]; endpointChanged: string[] }> {
    this.refuseConfigured(name);
    const existing = await this.row(name);
    if (!existing) throw notFound(name);
    const columns: Partial<CredentialRow> = { updatedBy: actor, updatedAt: new Date(this.now()) };
    let changedValues: string[] = [];
    let endpointChanged: string[] = [];
    if (change.values !== undefined) {
      const cipher = this.cipherOrThrow();
      // A replace may overwrite values that no longer open; then everything it sets counts as changed.
      const current = change.mode === "replace" ? this.openOrEmpty(cipher, existing) : this.openOrThrow(cipher, existing);
      const next = nextValues(change.mode === "replace" ? {} : current, change.values);
      if (Object.keys(next).length === 0) throw new GatewayError("invalid_request", "credential_values: a credential needs at least one value", { param: "credential_values" });
      if (change.mode === "merge") requireSecretsForEndpointChange(current, change.values, next);
      changedValues = [...new Set([...Object.keys(current), ...Object.keys(next)])].filter((key) => current[key] !== next[key]);
      endpointChanged = changedEndpointFields(current, next);
      // Only a moved endpoint is checked: one stored before the rule is checked at each connection instead.
      await checkCredentialEndpoints(next, endpointChanged, this.endpoints);
      columns.sealedValues = cipher.seal(name, next);
      columns.valueHints = hintsOf(next);
    }
    if (change.info !== undefined) columns.credentialInfo = change.mode === "replace" ? change.info : { ...existing.credentialInfo, ...change.info };
    const [updated] = await this.database.db.update(this.table).set(columns).where(eq(this.table.credentialName, name)).returning();
    if (!updated) throw notFound(name);
    this.changed(name);
    return { summary: storedSummary(updated), changedValues, endpointChanged };
  }

  async remove(name: string): Promise<void> {
    this.refuseConfigured(name);
    const deleted = await this.database.db.delete(this.table).where(eq(this.table.credentialName, name)).returning({ name: this.table.credentialName });
    if (deleted.length === 0) throw notFound(name);
    this.changed(name);
  }

  /**
   * The values of a stored credential, for the request path. Cached for `ttlMs`; writes here and
   * change notifications from other instances drop the entry, so the next request reads it again.
   * While the database is unreachable an expired entry is served as it was.
   */
  async lookup(name: string): Promise<CredentialLookup> {
    const cached = this.cache.get(name);
    const now = this.now();
    if (cached && now - cached.fetchedAt < this.ttlMs) return cached.lookup;
    const generation = this.generation;
    let row: CredentialRow | undefined;
    try {
      row = await this.row(name);
    } catch (error) {
      if (cached && isDatabaseUnavailable(error)) return cached.lookup;
      throw error;
    }
    const lookup = this.open(row);
    if (generation === this.generation) this.cache.set(name, { lookup, fetchedAt: now });
    return lookup;
  }

  /** Drops a cached credential (changed here or on another instance). */
  forget(name: string): void {
    this.generation++;
    this.cache.delete(name);
  }

  forgetAll(): void {
    this.generation++;
    this.cache.clear();
  }

  private changed(name: string): void {
    this.forget(name);
    this.onChange({ kind: "credential", name });
  }

  private async row(name: string): Promise<CredentialRow | undefined> {
    return (await this.database.db.select().from(this.table).where(eq(this.table.credentialName, name)))[0];
  }

  private open(row: CredentialRow | undefined): CredentialLookup {
    if (!row) return { kind: "missing" };
    const cipher = this.options.cipher;
    if (!cipher) return { kind: "unusable", reason: "SWITCHYARD_SALT_KEY is not set, so stored credentials cannot be decrypted" };
    const opened = cipher.open(row.credentialName, row.sealedValues);
    if (opened.ok) return { kind: "found", values: opened.values };
    return {
      kind: "unusable",
      reason:
        opened.reason === "unknown_key"
          ? "it was encrypted with a salt key this gateway does not have (set the old one in SWITCHYARD_SALT_KEY_PREVIOUS)"
          : "its encrypted values fail the integrity check",
    };
  }

  private openOrThrow(cipher: CredentialCipher, row: CredentialRow): CredentialValues {
    const opened = cipher.open(row.credentialName, row.sealedValues);
    if (opened.ok) return opened.values;
    throw new GatewayError("credential_unusable", `Credential "${row.credentialName}" cannot be decrypted, so it cannot be merged; replace all of its values instead`);
  }

  private openOrEmpty(cipher: CredentialCipher, row: CredentialRow): CredentialValues {
    const opened = cipher.open(row.credentialName, row.sealedValues);
    return opened.ok ? opened.values : {};
  }

  private cipherOrThrow(): CredentialCipher {
    if (!this.options.cipher) throw new GatewayError("salt_key_missing", saltKeyMissing);
    return this.options.cipher;
  }

  private refuseConfigured(name: string): void {
    if (this.configured.has(name)) {
      throw new GatewayError("conflict", `Credential "${name}" is defined in the config file's credential_list; change it there`, { param: "credential_name" });
    }
  }
}

/**
 * A merge of `changes` into `current`. A value sent back as its own masked hint (a client that
 * read the list and saved the form unchanged) keeps the stored value, as LiteLLM does.
 */
function nextValues(current: CredentialValues, changes: Record<string, string | null>): CredentialValues {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else if (current[key] === undefined || value !== hintOf(current[key])) next[key] = value;
  }
  return next;
}

function notFound(name: string): GatewayError {
  return new GatewayError("not_found", `No stored credential named "${name}"`, { param: "credential_name" });
}

function configSummary(credential: ConfigCredential): CredentialSummary {
  return { name: credential.name, source: "config", hints: hintsOf(credential.values), info: { ...credential.info }, createdBy: null, createdAt: null, updatedBy: null, updatedAt: null };
}

function storedSummary(row: CredentialRow): CredentialSummary {
  return {
    name: row.credentialName,
    source: "stored",
    hints: row.valueHints,
    info: row.credentialInfo,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}
