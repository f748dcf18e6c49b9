"use client";

import { credentialFormSchema, type CredentialForm } from "@/server/services/credentials/credential-input";
import { useFormSubmit, type FormReading } from "../use-form-submit";

const field = (data: FormData, name: string) => String(data.get(name) ?? "");

/**
 * Adds a credential, or replaces every value of one (`name` fixed). The key field is cleared
 * after saving: nothing on the page holds a key once the server has it. A replace always asks
 * for the key, so a new API base can never inherit the stored one (the API enforces the same).
 */
export function CredentialFormCard({ name, onSubmit, onCancel }: { name?: string; onSubmit: (form: CredentialForm) => Promise<void>; onCancel?: () => void }) {
  const title = name ? `Replace ${name}` : "Add a credential";
  const { submit, problem, busy } = useFormSubmit((data): FormReading<CredentialForm> => {
    const parsed = credentialFormSchema.safeParse({
      name: name ?? field(data, "name").trim(),
      apiKey: field(data, "apiKey"),
      apiBase: field(data, "apiBase"),
      apiVersion: field(data, "apiVersion"),
      organization: field(data, "organization"),
      provider: field(data, "provider"),
      description: field(data, "description"),
    });
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: parsed.error.issues.map((issue) => issue.message).join("; ") };
  }, onSubmit);

  return (
    <form onSubmit={submit} className="card stack" aria-label={title} autoComplete="off">
      <h2>{title}</h2>
      {name && (
        <p className="muted">
          Saving replaces every value of this credential, and its description. Give the API key again, even to change only the API base: a stored key is only ever sent to the endpoint it was
          saved with, so nobody can point it at another host without knowing it.
        </p>
      )}
      <div className="row">
        {!name && (
          <label>
            Name (what litellm_credential_name refers to)
            <input name="name" required maxLength={128} placeholder="openai-prod" />
          </label>
        )}
        <label>
          API key
          <input name="apiKey" type="password" required autoComplete="new-password" spellCheck={false} />
        </label>
        <label>
          API base (optional)
          <input name="apiBase" type="url" placeholder="https://my-resource.openai.azure.com" />
        </label>
        <label>
          API version (optional)
          <input name="apiVersion" placeholder="2024-10-21" />
        </label>
        <label>
          Organization (optional)
          <input name="organization" />
        </label>
        <label>
          Provider (optional)
          <input name="provider" placeholder="openai" />
        </label>
        <label>
          Description (optional)
          <input name="description" maxLength={500} />
        </label>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : name ? "Replace" : "Add credential"}
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
