"use client";

import { keyFormSchema, keyUpdateSchema, type KeyForm, type KeyUpdate } from "@/server/services/keys/key-input";
import { useState } from "react";
import { KeyListWarnings, useKeyListWarnings } from "../rules/key-list-warnings";
import { useFormSubmit, type FormReading } from "../use-form-submit";

const optionalNumber = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === "" ? null : Number(value));

/**
 * The expiry to send. Creating: the duration field, empty for never. Editing: left out unless the
 * admin picks another choice than keeping it, so saving other fields never touches the expiry.
 */
function readDuration(data: FormData): string | null | undefined {
  const duration = String(data.get("duration") ?? "").trim();
  switch (data.get("expiry")) {
    case null:
      return duration || null;
    case "keep":
      return undefined;
    case "never":
      return null;
    default:
      return duration; // a new expiry: the schema turns an empty one down
  }
}

/** Reads the form into the same shape, validated by the same schema, that the server takes. */
function readForm(data: FormData): FormReading<KeyUpdate> {
  const schema = data.has("expiry") ? keyUpdateSchema : keyFormSchema;
  const parsed = schema.safeParse({
    alias: String(data.get("alias") ?? ""),
    models: String(data.get("models") ?? "")
      .split(",")
      .map((model) => model.trim())
      .filter((model) => model !== ""),
    maxBudget: optionalNumber(data.get("maxBudget")),
    rpmLimit: optionalNumber(data.get("rpmLimit")),
    tpmLimit: optionalNumber(data.get("tpmLimit")),
    duration: readDuration(data),
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
}

/**
 * The key form, for creating (empty) or editing (filled with the key's settings; `expires` set,
 * an ISO date or null for never, makes it an edit that shows and by default keeps the expiry).
 */
export function KeyFormCard({
  title,
  submitLabel,
  initial,
  onSubmit,
  onCancel,
  teamId,
}: {
  title: string;
  submitLabel: string;
  initial?: Partial<Omit<KeyForm, "duration">> & { expires?: string | null };
  onSubmit: (form: KeyUpdate) => Promise<void>;
  onCancel?: () => void;
  /** The key's team, for warnings about its model list as it is typed. */
  teamId?: string;
}) {
  const { submit, problem, busy } = useFormSubmit(readForm, onSubmit);
  const [models, setModels] = useState(initial?.models?.join(", ") ?? "");
  const warnings = useKeyListWarnings(
    teamId,
    models
      .split(",")
      .map((model) => model.trim())
      .filter((model) => model !== ""),
  );

  return (
    <form onSubmit={submit} onReset={() => setModels(initial?.models?.join(", ") ?? "")} className="card stack" aria-label={title}>
      <h2>{title}</h2>
      <div className="row">
        <label>
          Name
          <input name="alias" required maxLength={128} defaultValue={initial?.alias ?? ""} />
        </label>
        <label>
          Allowed models (comma-separated; empty: the team&apos;s)
          <input name="models" placeholder="gpt-4o, anthropic/*" value={models} onChange={(event) => setModels(event.target.value)} />
        </label>
        <label>
          Budget (USD)
          <input name="maxBudget" type="number" min={0} step="0.01" defaultValue={initial?.maxBudget ?? ""} />
        </label>
        <label>
          RPM
          <input name="rpmLimit" type="number" min={0} step={1} defaultValue={initial?.rpmLimit ?? ""} />
        </label>
        <label>
          TPM
          <input name="tpmLimit" type="number" min={0} step={1} defaultValue={initial?.tpmLimit ?? ""} />
        </label>
        {initial?.expires === undefined ? (
          <label>
            Expires after (from now; empty: never)
            <input name="duration" placeholder="30d" />
          </label>
        ) : (
          <>
            <label>
              Expiry
              <select name="expiry" defaultValue="keep">
                <option value="keep">Keep: {initial.expires ? `expires ${new Date(initial.expires).toLocaleString()}` : "never expires"}</option>
                <option value="set">Set a new expiry, counted from now</option>
                <option value="never">Never expire</option>
              </select>
            </label>
            <label>
              New expiry after (from now)
              <input name="duration" placeholder="30d" />
            </label>
          </>
        )}
      </div>
      <KeyListWarnings warnings={warnings} />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
