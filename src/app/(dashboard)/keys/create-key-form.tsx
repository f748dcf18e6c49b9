"use client";

import { keyFormSchema, type KeyForm } from "@/server/services/keys/key-input";
import { useFormSubmit, type FormReading } from "../use-form-submit";

const optionalNumber = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === "" ? null : Number(value));

/** Reads the form into the same shape, validated by the same schema, that the server takes. */
function readForm(data: FormData): FormReading<KeyForm> {
  const parsed = keyFormSchema.safeParse({
    alias: String(data.get("alias") ?? ""),
    models: String(data.get("models") ?? "")
      .split(",")
      .map((model) => model.trim())
      .filter((model) => model !== ""),
    maxBudget: optionalNumber(data.get("maxBudget")),
    rpmLimit: optionalNumber(data.get("rpmLimit")),
    tpmLimit: optionalNumber(data.get("tpmLimit")),
    duration: String(data.get("duration") ?? "").trim() || null,
  });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") };
}

/** The key form, for creating (empty) or editing (filled with the key's settings). */
export function KeyFormCard({
  title,
  submitLabel,
  initial,
  onSubmit,
  onCancel,
}: {
  title: string;
  submitLabel: string;
  initial?: Partial<Omit<KeyForm, "duration">>;
  onSubmit: (form: KeyForm) => Promise<void>;
  onCancel?: () => void;
}) {
  const { submit, problem, busy } = useFormSubmit(readForm, onSubmit);

  return (
    <form onSubmit={submit} className="card stack" aria-label={title}>
      <h2>{title}</h2>
      <div className="row">
        <label>
          Name
          <input name="alias" required maxLength={128} defaultValue={initial?.alias ?? ""} />
        </label>
        <label>
          Allowed models (comma-separated; empty: the team&apos;s)
          <input name="models" placeholder="gpt-4o, anthropic/*" defaultValue={initial?.models?.join(", ") ?? ""} />
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
        <label>
          Expires after (from now; empty: never)
          <input name="duration" placeholder="30d" />
        </label>
      </div>
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
