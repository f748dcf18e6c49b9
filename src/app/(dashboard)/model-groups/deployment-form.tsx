"use client";

import { useState } from "react";
import { deploymentFormSchema, type DeploymentForm } from "@/server/services/models/deployment-form";
import { useFormSubmit, type FormReading } from "../use-form-submit";

const field = (data: FormData, name: string) => String(data.get(name) ?? "");
const number = (data: FormData, name: string) => (field(data, name).trim() === "" ? undefined : Number(field(data, name)));

/** Which fields each kind of provider needs, by the prefix of `provider/model`. */
function providerKind(model: string): "azure" | "bedrock" | "vertex" | "other" {
  const prefix = model.split("/")[0];
  if (prefix === "azure" || prefix === "azure_ai") return "azure";
  if (prefix === "bedrock") return "bedrock";
  if (prefix === "vertex_ai") return "vertex";
  return "other";
}

export interface EditedDeployment {
  id: string;
  modelName: string;
  secretHints: Record<string, string>;
  /** The stored public fields, by the form's names (null: not set). */
  form: Readonly<Record<string, unknown>>;
}

const valueOf = (edited: EditedDeployment | undefined, name: string) => {
  const value = edited?.form[name];
  return value === null || value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value);
};

/**
 * Adds a deployment, or edits a stored one. Secret fields start empty: left empty, the stored
 * secret is kept; changing the API base or the provider needs the key typed again (the server
 * refuses otherwise), so a stored key never follows an endpoint it was not saved with.
 */
export function DeploymentFormCard({ edited, onSubmit, onCancel }: { edited?: EditedDeployment; onSubmit: (form: DeploymentForm) => Promise<void>; onCancel?: () => void }) {
  const [model, setModel] = useState(valueOf(edited, "model"));
  const kind = providerKind(model);
  const title = edited ? `Edit ${edited.modelName} (${edited.id})` : "Add a deployment";
  const { submit, problem, busy } = useFormSubmit((data): FormReading<DeploymentForm> => {
    const parsed = deploymentFormSchema.safeParse({
      modelName: field(data, "modelName"),
      model: field(data, "model"),
      apiKey: field(data, "apiKey"),
      apiBase: field(data, "apiBase"),
      apiVersion: field(data, "apiVersion"),
      awsAccessKeyId: field(data, "awsAccessKeyId"),
      awsSecretAccessKey: field(data, "awsSecretAccessKey"),
      awsRegionName: field(data, "awsRegionName"),
      vertexProject: field(data, "vertexProject"),
      vertexLocation: field(data, "vertexLocation"),
      vertexCredentials: field(data, "vertexCredentials"),
      rpm: number(data, "rpm"),
      tpm: number(data, "tpm"),
      accessGroups: field(data, "accessGroups")
        .split(",")
        .map((group) => group.trim())
        .filter((group) => group !== ""),
      baseModel: field(data, "baseModel"),
      mode: field(data, "mode"),
      inputCostPerToken: number(data, "inputCostPerToken"),
      outputCostPerToken: number(data, "outputCostPerToken"),
    });
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: parsed.error.issues.map((issue) => issue.message).join("; ") };
  }, onSubmit);
  const secret = (name: string) => (edited?.secretHints[name] ? `unchanged (${edited.secretHints[name]})` : edited ? "not set" : undefined);

  return (
    <form onSubmit={submit} className="card stack" aria-label={title} autoComplete="off">
      <h2>{title}</h2>
      <div className="row">
        <label>
          Model name (what clients ask for)
          <input name="modelName" required maxLength={256} defaultValue={edited?.modelName} placeholder="gpt-4o" />
        </label>
        <label>
          Provider/model (litellm_params.model)
          <input name="model" required maxLength={256} value={model} onChange={(event) => setModel(event.target.value)} placeholder="openai/gpt-4o" spellCheck={false} />
        </label>
        {kind !== "bedrock" && kind !== "vertex" && (
          <label>
            API key
            <input name="apiKey" type="password" autoComplete="new-password" spellCheck={false} placeholder={secret("api_key")} />
          </label>
        )}
        <label>
          API base {kind === "azure" ? "(your resource's endpoint)" : "(optional)"}
          <input name="apiBase" type="url" defaultValue={valueOf(edited, "apiBase")} placeholder="https://api.example.com/v1" />
        </label>
        {kind === "azure" && (
          <label>
            API version
            <input name="apiVersion" defaultValue={valueOf(edited, "apiVersion")} placeholder="2024-10-21" />
          </label>
        )}
        {kind === "bedrock" && (
          <>
            <label>
              AWS access key id
              <input name="awsAccessKeyId" type="password" autoComplete="new-password" spellCheck={false} placeholder={secret("aws_access_key_id")} />
            </label>
            <label>
              AWS secret access key
              <input name="awsSecretAccessKey" type="password" autoComplete="new-password" spellCheck={false} placeholder={secret("aws_secret_access_key")} />
            </label>
            <label>
              AWS region
              <input name="awsRegionName" defaultValue={valueOf(edited, "awsRegionName")} placeholder="us-east-1" />
            </label>
          </>
        )}
        {kind === "vertex" && (
          <>
            <label>
              Vertex project
              <input name="vertexProject" defaultValue={valueOf(edited, "vertexProject")} />
            </label>
            <label>
              Vertex location
              <input name="vertexLocation" defaultValue={valueOf(edited, "vertexLocation")} placeholder="us-central1" />
            </label>
            <label>
              Service account JSON
              <textarea name="vertexCredentials" rows={3} spellCheck={false} placeholder={secret("vertex_credentials")} />
            </label>
          </>
        )}
        <label>
          RPM (optional)
          <input name="rpm" type="number" min={0} step={1} defaultValue={valueOf(edited, "rpm")} />
        </label>
        <label>
          TPM (optional)
          <input name="tpm" type="number" min={0} step={1} defaultValue={valueOf(edited, "tpm")} />
        </label>
        <label>
          Access groups (comma-separated)
          <input name="accessGroups" defaultValue={valueOf(edited, "accessGroups")} placeholder="beta, internal" />
        </label>
        <label>
          Base model for pricing (optional)
          <input name="baseModel" defaultValue={valueOf(edited, "baseModel")} placeholder="azure/gpt-4o" />
        </label>
        <label>
          Mode (optional)
          <input name="mode" defaultValue={valueOf(edited, "mode")} placeholder="chat" />
        </label>
        <label>
          Input cost per token (optional)
          <input name="inputCostPerToken" type="number" min={0} step="any" defaultValue={valueOf(edited, "inputCostPerToken")} />
        </label>
        <label>
          Output cost per token (optional)
          <input name="outputCostPerToken" type="number" min={0} step="any" defaultValue={valueOf(edited, "outputCostPerToken")} />
        </label>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : edited ? "Save" : "Add deployment"}
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
